package io.millrace.bench.workload;

import io.millrace.bench.stats.LatencySummary;
import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.HdrHistogram.ConcurrentHistogram;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Put-to-get visibility: writers send single records (PutRecord calls, or Kafka sends for the baseline), each
 * waiting for its acknowledgement, while readers (polling GetRecords readers, enhanced fan-out subscriptions, or Kafka
 * consumers: {@link E2eReaders}) read them back. Each payload starts with the record's id and its send
 * time (System.nanoTime, one JVM, so comparable across threads); the headline figure is from the acknowledgement to
 * the record's return, as a consumer sees it.
 */
public final class E2eWorkload {

    /** Bytes at the start of each payload: record id, then send time. */
    public static final int HEADER_BYTES = 16;
    /** How long readers may keep polling after the writers stop, for the last records to show up. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** How one record is written. */
    public interface Writer {
        /** Sends one record and returns once it is acknowledged; throws if it was not. */
        void send(byte[] payload) throws Exception;
    }

    private final Writer writer;
    private final String writerCall;
    private final boolean kafka;
    private final List<String> shards;
    private final LoadSpec spec;
    private final E2eReaders readers;

    /**
     * @param writerCall what one write is, in the report ("PutRecord")
     * @param kafka      true for the raw Kafka baseline
     * @param shards     what the readers read: shard ids, or partition numbers
     */
    public E2eWorkload(
            Writer writer, String writerCall, boolean kafka, List<String> shards, LoadSpec spec, E2eReaders readers) {
        if (spec.recordSize() < HEADER_BYTES) {
            throw new IllegalArgumentException("e2e records need at least " + HEADER_BYTES + " bytes");
        }
        this.writer = writer;
        this.writerCall = writerCall;
        this.kafka = kafka;
        this.shards = shards;
        this.spec = spec;
        this.readers = readers;
    }

    /** Single PutRecord calls on the stream, the writers of the Kinesis runs. */
    public static E2eWorkload kinesis(KinesisClient client, String stream, LoadSpec spec, E2eReaders readers) {
        return new E2eWorkload(
                payload -> client.putRecord(b -> b.streamName(stream)
                        .partitionKey(Payloads.randomPartitionKey())
                        .data(SdkBytes.fromByteArrayUnsafe(payload))),
                "PutRecord",
                false,
                new StreamAdmin(client).shardIds(stream),
                spec,
                readers);
    }

    /** Returns the writers' run and the visibility run. */
    public List<RunResult> run(PrintWriter out) {
        Meter putMeter = new Meter();
        Meter seenMeter = new Meter();
        ConcurrentHistogram sendToGet = new ConcurrentHistogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS);
        // One tracker per consumer: each must see every record once, and each delivery is one latency sample.
        List<VisibilityTracker> trackers = IntStream.range(0, readers.consumers())
                .mapToObj(c -> new VisibilityTracker(seenMeter::latencyNanos))
                .toList();
        List<E2eReaders.Delivery> deliveries = trackers.stream()
                .map(tracker -> delivery(tracker, seenMeter, sendToGet))
                .toList();

        ProgressTicker seenTicker = ProgressTicker.start(readers.runName(), seenMeter, out);
        CompletableFuture<Void> reading;
        try {
            reading = readers.start(shards, deliveries, spec.duration().plus(DRAIN_TIMEOUT));
        } catch (RuntimeException e) {
            readers.stop();
            seenTicker.close();
            throw e;
        }
        RunResult put;
        try (ProgressTicker putTicker = ProgressTicker.start(kafka ? "kafka put" : "put", putMeter, out)) {
            RecordBudget budget = spec.newBudget();
            ClientThreads.runAll("bench-e2e-put", spec.threads(), index -> write(index, budget, putMeter, trackers));
            put = putTicker.finish(
                    Operation.WRITE,
                    kafka,
                    kafka ? "one send until acknowledged" : "one " + writerCall + " call",
                    Map.of("failed calls", Long.toString(putMeter.errors())));
        } catch (RuntimeException e) {
            readers.stop();
            seenTicker.close();
            throw e;
        }

        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!allReadBack(trackers) && System.nanoTime() - drainDeadline < 0 && !reading.isDone()) {
            StreamAdmin.sleep(10);
        }
        readers.stop();
        awaitReaders(reading);
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("records acknowledged", Long.toString(trackers.get(0).ackedCount()));
        notes.put(
                trackers.size() == 1
                        ? "records acknowledged and read back"
                        : "records acknowledged and read back by every consumer",
                Long.toString(trackers.stream()
                        .mapToLong(VisibilityTracker::resolvedCount)
                        .min()
                        .orElse(0)));
        LatencySummary fromSend = LatencySummary.of(sendToGet);
        notes.put(
                "send-to-get (includes the " + writerCall + " call) p50 / p99 / max",
                String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", fromSend.p50(), fromSend.p99(), fromSend.max()));
        notes.putAll(readers.notes());
        RunResult seen = seenTicker.finish(Operation.VISIBILITY, kafka, readers.latencyOf(), notes);
        return List.of(put, seen);
    }

    /** Where the readers of one consumer hand their records. */
    private static E2eReaders.Delivery delivery(
            VisibilityTracker tracker, Meter seenMeter, ConcurrentHistogram sendToGet) {
        return new E2eReaders.Delivery() {
            @Override
            public void record(ByteBuffer data, long nowNanos) {
                if (data.remaining() >= HEADER_BYTES) {
                    long id = data.getLong(data.position());
                    long sent = data.getLong(data.position() + Long.BYTES);
                    sendToGet.recordValue(Math.min(
                            Meter.HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nowNanos - sent))));
                    tracker.received(id, nowNanos);
                }
                seenMeter.count(1, data.remaining());
            }

            @Override
            public void failedCall() {
                seenMeter.error();
            }
        };
    }

    private static boolean allReadBack(List<VisibilityTracker> trackers) {
        return trackers.stream().allMatch(t -> t.resolvedCount() >= t.ackedCount());
    }

    private void write(int index, RecordBudget budget, Meter meter, List<VisibilityTracker> trackers) {
        byte[] template = Payloads.randomBytes(spec.recordSize());
        ErrorStreak errors = new ErrorStreak(writerCall);
        long sequence = 0;
        while (budget.claim(1) > 0) {
            long id = ((long) index << 40) | sequence++;
            byte[] payload = template.clone();
            long start = System.nanoTime();
            ByteBuffer.wrap(payload).putLong(id).putLong(start);
            try {
                writer.send(payload);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted");
            } catch (BenchFailure e) {
                throw e;
            } catch (Exception e) {
                meter.error();
                errors.failure(e);
                continue;
            }
            long acked = System.nanoTime();
            for (VisibilityTracker tracker : trackers) {
                tracker.acked(id, acked);
            }
            meter.latencyNanos(acked - start);
            meter.count(1, payload.length);
            errors.success();
        }
    }

    private static void awaitReaders(CompletableFuture<Void> readers) {
        try {
            readers.get(DRAIN_TIMEOUT.toSeconds() + 35, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BenchFailure bf ? bf : new BenchFailure("readers failed", e.getCause());
        } catch (TimeoutException e) {
            throw new BenchFailure("readers did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }
}
