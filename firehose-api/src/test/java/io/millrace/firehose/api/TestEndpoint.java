package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An HTTP endpoint destination of the test's own (the JDK's HTTP server on loopback) speaking AWS's delivery
 * protocol: it records every request and answers 200 with the request's id, or 500 for the first
 * {@code failures} requests.
 */
final class TestEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived: headers (lower-case names), the body decoded and parsed. */
    record Request(Map<String, String> headers, JsonNode body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        List<String> records() {
            List<String> out = new java.util.ArrayList<>();
            body.path("records")
                    .forEach(r -> out.add(
                            new String(Base64.getDecoder().decode(r.path("data").asText()), StandardCharsets.UTF_8)));
            return out;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;

    /** @param failures how many requests are answered 500 before the endpoint works (Integer.MAX_VALUE: never) */
    TestEndpoint(int failures) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/firehose";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every record of the requests answered 200, decoded. */
    List<String> delivered() {
        return requests.stream()
                .filter(r -> !r.header("x-test-failed").equals("true"))
                .flatMap(r -> r.records().stream())
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        byte[] body = "gzip".equals(headers.get("content-encoding"))
                ? new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes()
                : raw;
        JsonNode json = JSON.readTree(body);
        boolean fail = failuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0;
        headers.put("x-test-failed", Boolean.toString(fail));
        requests.add(new Request(Map.copyOf(headers), json));
        String answer = "{\"requestId\":\"" + json.path("requestId").asText() + "\",\"timestamp\":"
                + System.currentTimeMillis() + (fail ? ",\"errorMessage\":\"not now\"}" : "}");
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
