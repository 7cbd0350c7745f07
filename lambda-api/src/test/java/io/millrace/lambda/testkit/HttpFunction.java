package io.millrace.lambda.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A function served by the test itself over the Lambda invoke contract: each POST's JSON body is an invocation,
 * answered by {@code behaviour} (status and body); every invocation is kept, with the time it arrived.
 */
public final class HttpFunction implements AutoCloseable {

    /** What the function answers: an HTTP status (200 for success) and a JSON body. */
    public record Answer(int status, String body) {
        public static Answer ok(String body) {
            return new Answer(200, body);
        }
    }

    /** An invocation as the function saw it. */
    public record Invocation(JsonNode event, long receivedMillis) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Answer> behaviour;

    public HttpFunction(Function<JsonNode, Answer> behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                long received = System.currentTimeMillis();
                JsonNode event = JSON.readTree(in.readAllBytes());
                invocations.add(new Invocation(event, received));
                Answer answer = this.behaviour.apply(event);
                byte[] body = answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke";
    }

    public List<Invocation> invocations() {
        return invocations;
    }

    /** The data of every record of every Kinesis event received, decoded as UTF-8, in arrival order. */
    public List<String> deliveredData() {
        List<String> out = new java.util.ArrayList<>();
        for (Invocation invocation : invocations) {
            for (JsonNode record : invocation.event().path("Records")) {
                out.add(new String(
                        java.util.Base64.getDecoder()
                                .decode(record.at("/kinesis/data").asText()),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
