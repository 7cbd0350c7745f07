package io.millrace.bench.workload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.PackageType;

/**
 * The e2e workload's records read back by Lambda: a function whose code is a URL served by the bench process itself
 * (the endpoint's Lambda API POSTs each invocation's event there, PackageType Image, Code.ImageUri) and a Kinesis
 * event source mapping of the stream to it, from TRIM_HORIZON. Every record of every event is one delivery, timed
 * when the invocation's request reached the bench: the latency runs from PutRecord acknowledged to the function
 * invoked with the record, through the mapping's polling, batching and invocation. The function answers at once
 * with {@code {}} (success). Function and mapping are deleted when the readers stop.
 */
public final class LambdaReaders implements E2eReaders {

    /** A record's base64 data in the Kinesis event, found without a JSON parse on the timed path. */
    private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");

    private final LambdaClient lambda;
    private final String streamArn;
    private final String functionName;
    private final String host;
    private final int port;
    private final int batchSize;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final LongAdder invocations = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private HttpServer server;
    private ExecutorService threads;
    private String mappingUuid;

    /**
     * @param host where the endpoint reaches this process (the function's URL), and the address it listens on
     * @param port the function's port, 0 for any free one
     */
    public LambdaReaders(
            LambdaClient lambda, String streamArn, String functionName, String host, int port, int batchSize) {
        this.lambda = lambda;
        this.streamArn = streamArn;
        this.functionName = functionName;
        this.host = host;
        this.port = port;
        this.batchSize = batchSize;
    }

    @Override
    public String runName() {
        return "e2e lambda";
    }

    @Override
    public String latencyOf() {
        return "one record, from PutRecord acknowledged to its invocation reaching the function";
    }

    @Override
    public CompletableFuture<Void> start(List<String> shards, List<Delivery> deliveries, Duration maxRun) {
        Delivery delivery = deliveries.get(0);
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new BenchFailure("cannot serve the function on " + host + ":" + port + ": " + e.getMessage());
        }
        // As many invocations at once as the mapping may run: one per shard (ParallelizationFactor 1).
        threads = Executors.newFixedThreadPool(Math.max(4, shards.size() * 2), runnable -> {
            Thread thread = new Thread(runnable, "bench-lambda-function");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", exchange -> invoked(exchange, delivery));
        server.setExecutor(threads);
        server.start();
        String url = "http://" + host + ":" + server.getAddress().getPort() + "/";
        try {
            String account = streamArn.split(":")[4];
            lambda.createFunction(b -> b.functionName(functionName)
                    .role("arn:aws:iam::" + account + ":role/millrace-bench")
                    .packageType(PackageType.IMAGE)
                    .code(c -> c.imageUri(url))
                    .timeout(30));
            mappingUuid = lambda.createEventSourceMapping(b -> b.functionName(functionName)
                            .eventSourceArn(streamArn)
                            .startingPosition(EventSourcePosition.TRIM_HORIZON)
                            .batchSize(batchSize)
                            .maximumBatchingWindowInSeconds(0))
                    .uuid();
        } catch (SdkException e) {
            stop();
            throw new BenchFailure("cannot create the function and its event source mapping: " + e.getMessage(), e);
        }
        CompletableFuture.delayedExecutor(maxRun.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(this::stop);
        return stopped;
    }

    private void invoked(HttpExchange exchange, Delivery delivery) throws IOException {
        long now = System.nanoTime();
        try (InputStream in = exchange.getRequestBody()) {
            String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            firstNanos.compareAndSet(0, now);
            lastNanos.set(now);
            invocations.increment();
            Matcher data = DATA.matcher(event);
            while (data.find()) {
                records.increment();
                delivery.record(ByteBuffer.wrap(Base64.getDecoder().decode(data.group(1))), now);
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    /** Deletes the mapping and the function and stops serving it; the readers' future completes. */
    @Override
    public synchronized void stop() {
        if (stopped.isDone()) {
            return;
        }
        try {
            if (mappingUuid != null) {
                lambda.deleteEventSourceMapping(b -> b.uuid(mappingUuid));
            }
            lambda.deleteFunction(b -> b.functionName(functionName));
        } catch (SdkException e) {
            // Cleaning up: the run's figures stand; the names are the run's own.
        } finally {
            if (server != null) {
                server.stop(0);
                threads.shutdownNow();
            }
            stopped.complete(null);
        }
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        long calls = invocations.sum();
        double seconds = (lastNanos.get() - firstNanos.get()) / 1e9;
        notes.put("invocations", Long.toString(calls));
        notes.put(
                "invocations/s (first to last)",
                seconds > 0 ? String.format(Locale.ROOT, "%.1f", calls / seconds) : "-");
        notes.put(
                "records per invocation",
                calls > 0 ? String.format(Locale.ROOT, "%.1f", records.sum() / (double) calls) : "-");
        notes.put("mapping", "BatchSize " + batchSize + ", MaximumBatchingWindowInSeconds 0, TRIM_HORIZON");
        return notes;
    }
}
