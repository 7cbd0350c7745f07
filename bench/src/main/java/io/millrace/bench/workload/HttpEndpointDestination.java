package io.millrace.bench.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.millrace.bench.stats.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;

/**
 * An HTTP endpoint destination served by the bench itself (the JDK's HTTP server), speaking AWS's delivery contract
 * ("Appendix - HTTP Endpoint Delivery Request and Response Specifications" of the Firehose developer guide): a POST
 * of {@code {"requestId", "timestamp", "records": [{"data": base64}]}} (gzip when Content-Encoding says so) with the
 * X-Amz-Firehose-Access-Key header, answered 200 with {@code {"requestId", "timestamp"}} echoing the request id; a
 * wrong access key is answered 401 with an errorMessage, which Firehose retries. Each record is seen when its
 * request arrives. Firehose delivers at least once (a request it saw fail is sent again under the same request id),
 * so duplicates are counted, not refused.
 *
 * <p>{@code /raw} takes the same requests from the bench's own raw POSTs ({@link RawHttpPostWorkload}): decoded and
 * counted the same way, tracked apart.
 */
public final class HttpEndpointDestination implements DeliveryDestination {

    static final String DELIVERY_PATH = "/firehose";
    static final String RAW_PATH = "/raw";
    static final String ACCESS_KEY_HEADER = "X-Amz-Firehose-Access-Key";
    static final String REQUEST_ID_HEADER = "X-Amz-Firehose-Request-Id";

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final String host;
    private final String accessKey;
    private final int recordSize;
    private final Buffering buffering;
    private final String bucket;
    private final String errorPrefix;
    private final Set<String> requestIds = ConcurrentHashMap.newKeySet();
    private final LongAdder requests = new LongAdder();
    private final LongAdder repeatedRequests = new LongAdder();
    private final LongAdder refusedRequests = new LongAdder();
    private final LongAdder malformedRecords = new LongAdder();
    private final LongAdder rawRecords = new LongAdder();
    private volatile DeliveryTracker tracker;
    private volatile LongConsumer onRecordBytes;

    /**
     * @param host      loopback address the server listens on (the platform accepts plain http only to loopback,
     *                  {@code millrace.firehose.http-endpoint.plain-http-loopback})
     * @param port      0 for a free port
     * @param threads   request handler threads: Firehose may have several requests in flight
     * @param bucket    S3Configuration's bucket (the failed records' backup, required by the API)
     */
    public HttpEndpointDestination(
            String host,
            int port,
            int threads,
            String accessKey,
            int recordSize,
            Buffering buffering,
            String bucket,
            String errorPrefix) {
        this.host = host;
        this.accessKey = accessKey;
        this.recordSize = recordSize;
        this.buffering = buffering;
        this.bucket = bucket;
        this.errorPrefix = errorPrefix;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new BenchFailure("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        handlers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-http-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext(DELIVERY_PATH, exchange -> handle(exchange, false));
        server.createContext(RAW_PATH, exchange -> handle(exchange, true));
        server.start();
    }

    public URI url() {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + DELIVERY_PATH);
    }

    URI rawUrl() {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + RAW_PATH);
    }

    String accessKey() {
        return accessKey;
    }

    /** Records the raw POSTs delivered, for {@link RawHttpPostWorkload}. */
    long rawRecords() {
        return rawRecords.sum();
    }

    @Override
    public String row() {
        return "http";
    }

    @Override
    public Operation operation() {
        return Operation.DELIVERY_HTTP;
    }

    @Override
    public String latencyOf() {
        return "one record, from PutRecordBatch acknowledged to its request arrived at the bench's HTTP endpoint"
                + " (data freshness)";
    }

    @Override
    public String where() {
        return "at the HTTP endpoint";
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.BINARY;
    }

    @Override
    public void configure(CreateDeliveryStreamRequest.Builder request) {
        request.httpEndpointDestinationConfiguration(d -> d.endpointConfiguration(
                        e -> e.url(url().toString()).name("millrace-bench").accessKey(accessKey))
                .bufferingHints(h -> h.sizeInMBs(buffering.sizeMb()).intervalInSeconds(buffering.intervalSeconds()))
                .s3Configuration(S3Destination.failedRecords(bucket, errorPrefix)));
    }

    @Override
    public void attach(DeliveryTracker tracker, LongConsumer onRecordBytes) {
        this.onRecordBytes = onRecordBytes;
        this.tracker = tracker;
    }

    @Override
    public boolean pushed() {
        return true;
    }

    @Override
    public void poll() {
        // Pushed: the records are tracked as their requests arrive.
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("requests answered", Long.toString(requests.sum()));
        notes.put("requests sent again (a request id seen before)", Long.toString(repeatedRequests.sum()));
        notes.put("requests refused (wrong access key)", Long.toString(refusedRequests.sum()));
        notes.put("records not of the bench's size", Long.toString(malformedRecords.sum()));
        return notes;
    }

    @Override
    public String cleanUp() {
        return null;
    }

    private void handle(HttpExchange exchange, boolean raw) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String requestId = exchange.getRequestHeaders().getFirst(REQUEST_ID_HEADER);
            if (!accessKey.equals(exchange.getRequestHeaders().getFirst(ACCESS_KEY_HEADER))) {
                refusedRequests.increment();
                answer(exchange, 401, requestId, "the X-Amz-Firehose-Access-Key header does not match");
                return;
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            String bodyRequestId;
            try {
                bodyRequestId = readRecords(body, raw, arrived);
            } catch (IOException | IllegalArgumentException e) {
                answer(exchange, 400, requestId, "malformed request body: " + e.getMessage());
                return;
            }
            if (!raw) {
                requests.increment();
                if (bodyRequestId != null && !requestIds.add(bodyRequestId)) {
                    repeatedRequests.increment();
                }
            }
            answer(exchange, 200, bodyRequestId != null ? bodyRequestId : requestId, null);
        }
    }

    /** Reads the body's records as a stream of tokens; returns its requestId. */
    private String readRecords(byte[] body, boolean raw, long arrived) throws IOException {
        String requestId = null;
        Base64.Decoder base64 = Base64.getDecoder();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("requestId".equals(field)) {
                    requestId = parser.getValueAsString();
                } else if ("records".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            parser.nextToken();
                            if ("data".equals(parser.currentName())) {
                                record(base64.decode(parser.getText()), raw, arrived);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return requestId;
    }

    private void record(byte[] data, boolean raw, long arrived) {
        if (data.length != recordSize) {
            malformedRecords.increment();
            return;
        }
        if (raw) {
            rawRecords.increment();
            return;
        }
        ByteBuffer header = ByteBuffer.wrap(data);
        tracker.delivered(header.getLong(), header.getInt(), arrived);
        onRecordBytes.accept(data.length);
    }

    /** AWS's response body: the request's id and a timestamp in milliseconds, with an errorMessage when not 200. */
    private static void answer(HttpExchange exchange, int status, String requestId, String error) throws IOException {
        StringBuilder json = new StringBuilder("{\"requestId\":\"")
                .append(requestId == null ? "" : requestId.replace("\"", ""))
                .append("\",\"timestamp\":")
                .append(System.currentTimeMillis());
        if (error != null) {
            json.append(",\"errorMessage\":\"").append(error).append('"');
        }
        byte[] bytes = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
