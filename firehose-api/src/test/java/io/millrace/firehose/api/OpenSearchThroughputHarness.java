package io.millrace.firehose.api;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.delivery.DeliveryEngine;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.processing.RecordOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Not a test: a throughput harness for the OpenSearch destination, run by hand (see bench/profiles/opensearch.md).
 * Against one in-process OpenSearch node it measures, in MiB/s of record data: raw _bulk requests of the destination's
 * size from 1 and 4 threads, then the task's own delivery (DeliveryEngine with OpenSearchDelivery, the segment log in
 * the test stack's Kafka) with 1 and 4 buffers in flight, fed as the task feeds it (accept, advance the writes, wait
 * for capacity).
 *
 * <p>Arguments: seconds per run (default 20), buffer MiB (default 1, the IT's BufferingHints), record bytes (1024),
 * and {@code reverse} to make the runs in the opposite order or {@code alternate} for three rounds of the two engine
 * runs.
 */
public final class OpenSearchThroughputHarness {
    private OpenSearchThroughputHarness() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int bufferMb = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int recordBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        byte[] record = record(recordBytes);
        // Warm-up: the JIT and the node's first index creation are not measured.
        engineRun(node, 4, seconds / 2 + 1, bufferMb, record, "warmup");
        List<Runnable> runs = new ArrayList<>(List.of(
                () -> report("raw _bulk 1 thread", () -> rawBulk(node, 1, seconds, bufferMb, record)),
                () -> report("raw _bulk 4 threads", () -> rawBulk(node, 4, seconds, bufferMb, record)),
                () -> report("engine, 1 in flight", () -> engineRun(node, 1, seconds, bufferMb, record, "one")),
                () -> report("engine, 4 in flight", () -> engineRun(node, 4, seconds, bufferMb, record, "four"))));
        if (args.length > 3 && args[3].equals("alternate")) {
            // One and four in flight taken turns three times: the load's drift falls on both alike.
            runs.clear();
            for (int round = 0; round < 3; round++) {
                String r = "-" + round;
                runs.add(() ->
                        report("engine, 1 in flight", () -> engineRun(node, 1, seconds, bufferMb, record, "1" + r)));
                runs.add(() ->
                        report("engine, 4 in flight", () -> engineRun(node, 4, seconds, bufferMb, record, "4" + r)));
            }
        }
        if (args.length > 3 && args[3].equals("reverse")) {
            // The machine's load drifts: the same runs in the other order tell drift from difference.
            java.util.Collections.reverse(runs);
        }
        runs.forEach(Runnable::run);
        System.exit(0);
    }

    private interface Measure {
        double mibPerSecond() throws Exception;
    }

    private static void report(String name, Measure measure) {
        try {
            System.out.printf("%-21s %.2f MiB/s%n", name + ":", measure.mibPerSecond());
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static byte[] record(int size) {
        StringBuilder b = new StringBuilder("{\"order\":\"o\",\"payload\":\"");
        while (b.length() < size - 2) {
            b.append('x');
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** _bulk bodies of {@code bufferMb} of records, sent again and again from {@code threads} threads. */
    private static double rawBulk(OpenSearchTestNode node, int threads, int seconds, int bufferMb, byte[] record)
            throws Exception {
        String index = TestStack.unique("raw" + threads).toLowerCase();
        String action = "{\"index\":{\"_index\":\"" + index + "\"}}\n";
        StringBuilder body = new StringBuilder();
        int records = (bufferMb << 20) / record.length;
        for (int i = 0; i < records; i++) {
            body.append(action)
                    .append(new String(record, StandardCharsets.UTF_8))
                    .append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong sent = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(node.url() + "/_bulk"))
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && !r.body().contains("\"errors\":true")) {
                            sent.addAndGet((long) records * record.length);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return mibPerSecond(sent.get(), System.nanoTime() - start);
    }

    /** The task's delivery: records accepted as fast as the engine takes them, with its capacity wait. */
    private static double engineRun(
            OpenSearchTestNode node, int inFlight, int seconds, int bufferMb, byte[] record, String name)
            throws Exception {
        TestStack stack = TestStack.get();
        String stream = TestStack.unique("osbench-" + name);
        String topic = TestStack.unique("osbench");
        String bucket = TestStack.unique("osbench");
        stack.createBucket(bucket);
        Map<String, String> props =
                OpenSearchDestinations.props(stream, topic, bucket, node.url(), stream.toLowerCase());
        props.put(OpenSearchKeys.BUFFERS_IN_FLIGHT, Integer.toString(inFlight));
        props.put(DestinationKeys.BUFFERING_SIZE_MB, Integer.toString(bufferMb));
        // Only the last, partial buffer waits for the interval: the harness lets it pass and does not count it.
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        long accepted = 0;
        long start = System.nanoTime();
        try (DeliveryEngine engine = OpenSearchDestinations.engine(config, System::currentTimeMillis, name)) {
            long end = start + seconds * 1_000_000_000L;
            long offset = 0;
            while (System.nanoTime() < end) {
                // One Connect batch of 500 records, then what the task does after each put.
                for (int i = 0; i < 500; i++, offset++) {
                    SinkRecord r = new SinkRecord(
                            topic,
                            0,
                            null,
                            null,
                            null,
                            record,
                            offset,
                            System.currentTimeMillis(),
                            TimestampType.CREATE_TIME);
                    engine.accept(r, RecordOutcome.delivered(record));
                }
                accepted += 500L * record.length;
                engine.advanceWrites();
                engine.awaitWriteCapacity(5_000);
            }
            long beforeInterval = System.nanoTime();
            Thread.sleep(1100);
            long slept = System.nanoTime() - beforeInterval;
            engine.sealDue();
            engine.writeObjects();
            double rate = mibPerSecond(accepted, System.nanoTime() - start - slept);
            long indexed = node.count(stream.toLowerCase());
            if (indexed != offset) {
                throw new IllegalStateException(indexed + " documents indexed for " + offset + " records");
            }
            return rate;
        }
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }
}
