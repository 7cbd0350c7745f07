package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Transformation functions for tests, written as a user would write a Firehose Lambda function: records whose data
 * starts with "drop" are Dropped, with "fail" ProcessingFailed, others Ok with their data wrapped in "T(...)".
 */
public final class TestFunctions {
    static final ObjectMapper JSON = new ObjectMapper();

    private TestFunctions() {}

    /** The Lambda response to an invocation event under the rules above. */
    public static ObjectNode respond(JsonNode event) {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode out = response.putArray("records");
        for (JsonNode record : event.get("records")) {
            String data =
                    new String(Base64.getDecoder().decode(record.get("data").asText()), StandardCharsets.UTF_8);
            ObjectNode r = out.addObject();
            r.put("recordId", record.get("recordId").asText());
            if (data.startsWith("drop")) {
                r.put("result", "Dropped");
                r.put("data", record.get("data").asText());
            } else if (data.startsWith("fail")) {
                r.put("result", "ProcessingFailed");
                r.put("data", record.get("data").asText());
            } else {
                r.put("result", "Ok");
                r.put("data", Base64.getEncoder().encodeToString(("T(" + data + ")").getBytes(StandardCharsets.UTF_8)));
                r.putObject("metadata").putObject("partitionKeys").put("first", data.substring(0, 1));
            }
        }
        return response;
    }

    /** The same function as a {@link TransformFunction} class, as a user would put on the plugin path. */
    public static final class WrapFunction implements TransformFunction {
        @Override
        public ObjectNode transform(ObjectNode event) {
            return respond(event);
        }
    }

    /**
     * The function behind a real HTTP endpoint (JDK HttpServer). {@code failing} says which invocations (numbered
     * from 1) answer HTTP 500 instead; every event received is kept.
     */
    public static final class HttpFunction implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger invocations = new AtomicInteger();
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();

        public HttpFunction(IntPredicate failing) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
                events.add(event);
                int n = invocations.incrementAndGet();
                byte[] body;
                int status;
                if (failing.test(n)) {
                    status = 500;
                    body = "{\"errorMessage\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    body = JSON.writeValueAsBytes(respond(event));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/transform";
        }

        public int invocations() {
            return invocations.get();
        }

        public List<JsonNode> events() {
            return events;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
