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
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.ConcurrentHistogram;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Put-to-get visibility: writers send single PutRecord calls while one polling GetRecords reader per shard reads
 * them back. Each payload starts with the record's id and its send time (System.nanoTime, one JVM, so comparable
 * across threads); the headline figure is from the acknowledgement to the record's return, as a consumer sees it.
 */
public final class KinesisE2eWorkload {

    /** Bytes at the start of each payload: record id, then send time. */
    public static final int HEADER_BYTES = 16;
    /** How long readers may keep polling after the writers stop, for the last records to show up. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final KinesisClient client;
    private final String stream;
    private final LoadSpec spec;
    private final Duration pollInterval;

    public KinesisE2eWorkload(KinesisClient client, String stream, LoadSpec spec, Duration pollInterval) {
        if (spec.recordSize() < HEADER_BYTES) {
            throw new IllegalArgumentException("e2e records need at least " + HEADER_BYTES + " bytes");
        }
        this.client = client;
        this.stream = stream;
        this.spec = spec;
        this.pollInterval = pollInterval;
    }

    /** Returns the writers' PutRecord run and the visibility run. */
    public List<RunResult> run(PrintWriter out) {
        List<String> shards = new StreamAdmin(client).shardIds(stream);
        Meter putMeter = new Meter();
        Meter seenMeter = new Meter();
        ConcurrentHistogram sendToGet = new ConcurrentHistogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS);
        VisibilityTracker tracker = new VisibilityTracker(seenMeter::latencyNanos);
        RecordBudget readDeadline = new RecordBudget(spec.duration().plus(DRAIN_TIMEOUT), 0);
        AtomicBoolean stopReaders = new AtomicBoolean();

        ProgressTicker seenTicker = ProgressTicker.start("e2e", seenMeter, out);
        CompletableFuture<Void> readers = CompletableFuture.runAsync(() -> ClientThreads.runAll("bench-e2e-get",
                shards.size(), index -> read(shards.get(index), seenMeter, tracker, sendToGet, stopReaders,
                        readDeadline)), command -> {
                            Thread t = new Thread(command, "bench-e2e-readers");
                            t.setDaemon(true);
                            t.start();
                        });
        RunResult put;
        try (ProgressTicker putTicker = ProgressTicker.start("put", putMeter, out)) {
            RecordBudget budget = spec.newBudget();
            ClientThreads.runAll("bench-e2e-put", spec.threads(), index -> write(index, budget, putMeter, tracker));
            put = putTicker.finish(Operation.WRITE, false, "one PutRecord call",
                    Map.of("failed calls", Long.toString(putMeter.errors())));
        } catch (RuntimeException e) {
            stopReaders.set(true);
            seenTicker.close();
            throw e;
        }

        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (tracker.resolvedCount() < tracker.ackedCount() && System.nanoTime() - drainDeadline < 0
                && !readers.isDone()) {
            StreamAdmin.sleep(10);
        }
        stopReaders.set(true);
        awaitReaders(readers);
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("records acknowledged", Long.toString(tracker.ackedCount()));
        notes.put("records acknowledged and read back", Long.toString(tracker.resolvedCount()));
        LatencySummary fromSend = LatencySummary.of(sendToGet);
        notes.put("send-to-get (includes the PutRecord call) p50 / p99 / max", String.format(Locale.ROOT,
                "%.2f / %.2f / %.2f ms", fromSend.p50(), fromSend.p99(), fromSend.max()));
        notes.put("poll interval after an empty answer", pollInterval.toMillis() + " ms");
        notes.put("failed GetRecords calls", Long.toString(seenMeter.errors()));
        RunResult seen = seenTicker.finish(Operation.VISIBILITY, false,
                "one record, from PutRecord acknowledged to returned by GetRecords", notes);
        return List.of(put, seen);
    }

    private void write(int index, RecordBudget budget, Meter meter, VisibilityTracker tracker) {
        byte[] template = Payloads.randomBytes(spec.recordSize());
        ErrorStreak errors = new ErrorStreak("PutRecord");
        long sequence = 0;
        while (budget.claim(1) > 0) {
            long id = ((long) index << 40) | sequence++;
            byte[] payload = template.clone();
            long start = System.nanoTime();
            ByteBuffer.wrap(payload).putLong(id).putLong(start);
            try {
                client.putRecord(b -> b.streamName(stream).partitionKey(Payloads.randomPartitionKey())
                        .data(SdkBytes.fromByteArrayUnsafe(payload)));
            } catch (SdkException e) {
                meter.error();
                errors.failure(e);
                continue;
            }
            long acked = System.nanoTime();
            tracker.acked(id, acked);
            meter.latencyNanos(acked - start);
            meter.count(1, payload.length);
            errors.success();
        }
    }

    private void read(String shardId, Meter meter, VisibilityTracker tracker, ConcurrentHistogram sendToGet,
                      AtomicBoolean stop, RecordBudget deadline) {
        String iterator = iterator(shardId, null);
        String lastSequence = null;
        ErrorStreak errors = new ErrorStreak("GetRecords");
        while (iterator != null && !stop.get() && !deadline.expired()) {
            String current = iterator;
            GetRecordsResponse response;
            try {
                response = client.getRecords(b -> b.shardIterator(current));
            } catch (ExpiredIteratorException e) {
                iterator = iterator(shardId, lastSequence);
                continue;
            } catch (SdkException e) {
                meter.error();
                errors.failure(e);
                continue;
            }
            long now = System.nanoTime();
            errors.success();
            for (Record r : response.records()) {
                ByteBuffer data = r.data().asByteBuffer();
                if (data.remaining() >= HEADER_BYTES) {
                    long id = data.getLong(data.position());
                    long sent = data.getLong(data.position() + Long.BYTES);
                    sendToGet.recordValue(Math.min(Meter.HIGHEST_MICROS,
                            Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sent))));
                    tracker.received(id, now);
                }
                meter.count(1, data.remaining());
                lastSequence = r.sequenceNumber();
            }
            iterator = response.nextShardIterator();
            if (response.records().isEmpty() && !pollInterval.isZero()) {
                StreamAdmin.sleep(pollInterval.toMillis());
            }
        }
    }

    private String iterator(String shardId, String afterSequence) {
        return client.getShardIterator(b -> {
            b.streamName(stream).shardId(shardId);
            if (afterSequence == null) {
                b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(afterSequence);
            }
        }).shardIterator();
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
