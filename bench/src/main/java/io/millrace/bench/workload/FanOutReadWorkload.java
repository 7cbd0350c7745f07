package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Reads a filled stream back with enhanced fan-out: one registered consumer subscribes to every shard from
 * TRIM_HORIZON with SubscribeToShard (renewing subscriptions as {@link FanOutReaders} does) until every written
 * record arrived, or the deadline. The read-side counterpart of {@link KinesisReadWorkload} for SubscribeToShard.
 */
public final class FanOutReadWorkload {

    /** How long the subscriptions may take to end once asked to. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KinesisClient client;
    private final KinesisAsyncClient async;
    private final String stream;
    private final String consumerArn;
    private final Duration duration;

    /** @param consumerArn an ACTIVE consumer of {@code stream} */
    public FanOutReadWorkload(
            KinesisClient client, KinesisAsyncClient async, String stream, String consumerArn, Duration duration) {
        this.client = client;
        this.async = async;
        this.stream = stream;
        this.consumerArn = consumerArn;
        this.duration = duration;
    }

    /** @param expected records known to be in the stream; reading stops once that many arrived */
    public RunResult run(String name, long expected, PrintWriter out) {
        List<String> shards = new StreamAdmin(client).shardIds(stream);
        Meter meter = new Meter();
        FanOutReaders readers = new FanOutReaders(async, List.of(consumerArn), name);
        E2eReaders.Delivery delivery = new E2eReaders.Delivery() {
            @Override
            public void record(ByteBuffer data, long nowNanos) {
                meter.count(1, data.remaining());
            }

            @Override
            public void failedCall() {
                meter.error();
            }
        };
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            RecordBudget deadline = new RecordBudget(duration, 0);
            CompletableFuture<Void> reading = readers.start(shards, List.of(delivery), duration);
            while (meter.records() < expected && !deadline.expired() && !reading.isDone()) {
                StreamAdmin.sleep(5);
            }
            readers.stop();
            await(reading);
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("records expected", Long.toString(expected));
            notes.putAll(readers.notes());
            return ticker.finish(
                    Operation.READ,
                    false,
                    "none: SubscribeToShard pushes events, the run measures throughput and CPU only",
                    notes);
        }
    }

    private static void await(CompletableFuture<Void> reading) {
        try {
            reading.get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BenchFailure bf ? bf : new BenchFailure("SubscribeToShard failed", e);
        } catch (TimeoutException e) {
            throw new BenchFailure("SubscribeToShard readers did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }
}
