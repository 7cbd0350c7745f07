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
 *
 * <p>A warm-up runs the same writers and readers first, unmeasured: the first seconds of a new stream's readers
 * (subscriptions opening, the platform's readers starting) and of this JVM's client code (interpreted until the JIT
 * compiles it) are not steady-state delivery. Warm-up records carry {@link #WARM_UP_ID} in their id and are tracked
 * apart: they must come back too, but no meter counts them.
 */
public final class E2eWorkload {

    /** Bytes at the start of each payload: record id, then send time. */
    public static final int HEADER_BYTES = 16;
    /** How long readers may keep polling after the writers stop, for the last records to show up. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** The id bit of records written during the warm-up (writer index and sequence stay below it). */
    static final long WARM_UP_ID = 1L << 62;

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
    private final Duration warmUp;

    /**
     * @param writerCall what one write is, in the report ("PutRecord")
     * @param kafka      true for the raw Kafka baseline
     * @param shards     what the readers read: shard ids, or partition numbers
     * @param warmUp     how long to write and read unmeasured before the measured run (zero for none)
     */
    public E2eWorkload(
            Writer writer,
            String writerCall,
            boolean kafka,
            List<String> shards,
            LoadSpec spec,
            E2eReaders readers,
            Duration warmUp) {
        if (spec.recordSize() < HEADER_BYTES) {
            throw new IllegalArgumentException("e2e records need at least " + HEADER_BYTES + " bytes");
        }
        this.writer = writer;
        this.writerCall = writerCall;
        this.kafka = kafka;
        this.shards = shards;
        this.spec = spec;
        this.readers = readers;
        this.warmUp = warmUp;
    }

    /** Single PutRecord calls on the stream, the writers of the Kinesis runs. */
    public static E2eWorkload kinesis(
            KinesisClient client, String stream, LoadSpec spec, E2eReaders readers, Duration warmUp) {
        return new E2eWorkload(
                payload -> client.putRecord(b -> b.streamName(stream)
                        .partitionKey(Payloads.randomPartitionKey())
                        .data(SdkBytes.fromByteArrayUnsafe(payload))),
                "PutRecord",
                false,
                new StreamAdmin(client).shardIds(stream),
                spec,
                readers,
                warmUp);
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
        List<VisibilityTracker> warmUpTrackers = IntStream.range(0, readers.consumers())
                .mapToObj(c -> new VisibilityTracker(latency -> {}))
                .toList();
        List<E2eReaders.Delivery> deliveries = IntStream.range(0, readers.consumers())
                .mapToObj(c -> delivery(trackers.get(c), warmUpTrackers.get(c), seenMeter, sendToGet))
                .toList();

        CompletableFuture<Void> reading;
        try {
            reading = readers.start(
                    shards, deliveries, warmUp.plus(spec.duration()).plus(DRAIN_TIMEOUT));
        } catch (RuntimeException e) {
            readers.stop();
            throw e;
        }
        ProgressTicker seenTicker = null;
        RunResult put;
        try {
            if (!warmUp.isZero()) {
                warmUp(warmUpTrackers, out);
            }
            seenTicker = ProgressTicker.start(readers.runName(), seenMeter, out);
            put = writeMeasured(putMeter, trackers, out);
        } catch (RuntimeException e) {
            readers.stop();
            if (seenTicker != null) {
                seenTicker.close();
            }
            throw e;
        }

        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!(allReadBack(trackers) && allReadBack(warmUpTrackers))
                && System.nanoTime() - drainDeadline < 0
                && !reading.isDone()) {
            StreamAdmin.sleep(10);
        }
        readers.stop();
        awaitReaders(reading);
        Map<String, String> notes = new LinkedHashMap<>();
        if (!warmUp.isZero()) {
            notes.put(
                    "warm-up, unmeasured",
                    String.format(
                            Locale.ROOT,
                            "%d s, %d records acknowledged, %d read back%s",
                            warmUp.toSeconds(),
                            warmUpTrackers.get(0).ackedCount(),
                            readBackByAll(warmUpTrackers),
                            warmUpTrackers.size() == 1 ? "" : " by every consumer"));
        }
        notes.put("records acknowledged", Long.toString(trackers.get(0).ackedCount()));
        notes.put(
                trackers.size() == 1
                        ? "records acknowledged and read back"
                        : "records acknowledged and read back by every consumer",
                Long.toString(readBackByAll(trackers)));
        LatencySummary fromSend = LatencySummary.of(sendToGet);
        notes.put(
                "send-to-get (includes the " + writerCall + " call) p50 / p99 / max",
                String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", fromSend.p50(), fromSend.p99(), fromSend.max()));
        notes.putAll(readers.notes());
        RunResult seen = seenTicker.finish(Operation.VISIBILITY, kafka, readers.latencyOf(), notes);
        return List.of(put, seen);
    }

    /** Writes for the warm-up's duration at the run's rate, tracked apart and measured by nothing. */
    private void warmUp(List<VisibilityTracker> warmUpTrackers, PrintWriter out) {
        RecordBudget budget = new RecordBudget(warmUp, 0, spec.rate());
        Meter unmeasured = new Meter();
        ClientThreads.runAll(
                "bench-e2e-warm-up",
                spec.threads(),
                index -> write(index, WARM_UP_ID, budget, unmeasured, warmUpTrackers));
        out.printf(
                Locale.ROOT,
                "warm-up: %d records in %d s, unmeasured%n",
                warmUpTrackers.get(0).ackedCount(),
                warmUp.toSeconds());
        out.flush();
    }

    /** The measured writes: the writers' run. */
    private RunResult writeMeasured(Meter putMeter, List<VisibilityTracker> trackers, PrintWriter out) {
        try (ProgressTicker putTicker = ProgressTicker.start(kafka ? "kafka put" : "put", putMeter, out)) {
            RecordBudget budget = spec.newBudget();
            ClientThreads.runAll("bench-e2e-put", spec.threads(), index -> write(index, 0, budget, putMeter, trackers));
            return putTicker.finish(
                    Operation.WRITE,
                    kafka,
                    kafka ? "one send until acknowledged" : "one " + writerCall + " call",
                    Map.of("failed calls", Long.toString(putMeter.errors())));
        }
    }

    /** Where the readers of one consumer hand their records: warm-up records to their own tracker, unmeasured. */
    private static E2eReaders.Delivery delivery(
            VisibilityTracker tracker,
            VisibilityTracker warmUpTracker,
            Meter seenMeter,
            ConcurrentHistogram sendToGet) {
        return new E2eReaders.Delivery() {
            @Override
            public void record(ByteBuffer data, long nowNanos) {
                if (data.remaining() >= HEADER_BYTES) {
                    long id = data.getLong(data.position());
                    if ((id & WARM_UP_ID) != 0) {
                        warmUpTracker.received(id, nowNanos);
                        return;
                    }
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

    private static long readBackByAll(List<VisibilityTracker> trackers) {
        return trackers.stream()
                .mapToLong(VisibilityTracker::resolvedCount)
                .min()
                .orElse(0);
    }

    private void write(int index, long idBits, RecordBudget budget, Meter meter, List<VisibilityTracker> trackers) {
        byte[] template = Payloads.randomBytes(spec.recordSize());
        ErrorStreak errors = new ErrorStreak(writerCall);
        long sequence = 0;
        while (budget.claim(1) > 0) {
            long id = idBits | ((long) index << 40) | sequence++;
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
