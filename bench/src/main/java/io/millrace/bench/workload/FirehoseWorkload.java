package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PutRecordBatch into a DirectPut delivery stream from N threads, while one watcher reads the objects the stream
 * delivers to S3. Each payload starts with its batch id and its index in the batch; the delivery run's latency of
 * a record is its data freshness as a user sees it: from PutRecordBatch acknowledged to its object listed in S3.
 */
public final class FirehoseWorkload {

    /** Bytes at the start of each payload: batch id, index in the batch, padding. */
    public static final int HEADER_BYTES = 16;
    /** Entries refused inside a successful call are sent again, under a new batch id, this many times at most. */
    private static final int MAX_ATTEMPTS = 5;

    private final FirehoseClient firehose;
    private final String deliveryStream;
    private final LoadSpec spec;
    private final Duration pollInterval;
    private final Duration drainTimeout;
    private final Meter putMeter = new Meter();
    private final Meter deliveryMeter = new Meter();
    private final DeliveryTracker tracker = new DeliveryTracker(deliveryMeter::latencyNanos);
    private final S3DeliveryWatcher watcher;
    private final AtomicLong batchIds = new AtomicLong();
    /** Holds the sink paused while the writers run, or null: the sink then delivers while they write. */
    private final ConnectorPause pause;

    /**
     * @param drainTimeout how long to keep watching S3 after the writers stop; must cover the buffering interval
     * @param pause        holds the delivery stream's sink paused while the writers run, so that the {@code put}
     *                     row measures intake alone; null to deliver while writing
     */
    public FirehoseWorkload(
            FirehoseClient firehose,
            S3Client s3,
            String bucket,
            String prefix,
            String deliveryStream,
            LoadSpec spec,
            Duration pollInterval,
            Duration drainTimeout,
            ConnectorPause pause) {
        if (spec.recordSize() < HEADER_BYTES) {
            throw new IllegalArgumentException("firehose records need at least " + HEADER_BYTES + " bytes");
        }
        this.firehose = firehose;
        this.deliveryStream = deliveryStream;
        this.spec = spec;
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.pause = pause;
        this.watcher = new S3DeliveryWatcher(s3, bucket, prefix, spec.recordSize(), tracker);
    }

    /**
     * Returns the PutRecordBatch run and the delivery run. With the sink paused, the writers run first with nothing
     * delivering beside them; the sink is then resumed and the delivery run (timed from the resumption, its
     * latencies including the pause) still checks that every acknowledged record lands in S3 exactly once.
     */
    public List<RunResult> run(PrintWriter out) {
        AtomicBoolean writersDone = new AtomicBoolean();
        ProgressTicker deliveryTicker = null;
        CompletableFuture<Void> watching = null;
        RunResult put;
        if (pause == null) {
            deliveryTicker = ProgressTicker.start("s3", deliveryMeter, out);
            watching = startWatching(writersDone);
            try {
                put = put(out);
            } finally {
                writersDone.set(true);
            }
        } else {
            pause.pause();
            try {
                put = put(out);
            } finally {
                // Resumed even when the writers failed: a paused connector would outlive the run.
                writersDone.set(true);
                pause.resume();
            }
            deliveryTicker = ProgressTicker.start("s3", deliveryMeter, out);
            watching = startWatching(writersDone);
        }
        try {
            watching.get(drainTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            deliveryTicker.close();
            throw e.getCause() instanceof BenchFailure bf
                    ? bf
                    : new BenchFailure("reading S3 failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            deliveryTicker.close();
            throw new BenchFailure("the S3 watcher did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveryTicker.close();
            throw new BenchFailure("interrupted");
        }
        Map<String, String> notes = new LinkedHashMap<>();
        if (pause != null) {
            notes.put(
                    "sink during PutRecordBatch",
                    "paused (connector " + pause.connector() + " through the Kafka Connect REST API); delivery"
                            + " timed from its resumption, and latencies include the pause");
        }
        notes.putAll(deliveryNotes(tracker, watcher, pollInterval));
        RunResult delivered = deliveryTicker.finish(
                Operation.DELIVERY,
                false,
                "one record, from PutRecordBatch acknowledged to its object listed in S3 (data freshness)",
                notes);
        return List.of(put, delivered);
    }

    private RunResult put(PrintWriter out) {
        try (ProgressTicker putTicker = ProgressTicker.start("put", putMeter, out)) {
            RecordBudget budget = spec.newBudget();
            ClientThreads.runAll("bench-firehose-put", spec.threads(), index -> write(budget));
            return putTicker.finish(
                    Operation.WRITE,
                    false,
                    "one PutRecordBatch call of " + spec.batchSize() + " records",
                    Map.of(
                            "throttled entries (sent again)",
                            Long.toString(putMeter.rejected()),
                            "failed calls",
                            Long.toString(putMeter.errors())));
        }
    }

    private CompletableFuture<Void> startWatching(AtomicBoolean writersDone) {
        return CompletableFuture.runAsync(() -> watch(writersDone), command -> {
            Thread t = new Thread(command, "bench-firehose-s3");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The exactly-once check of a delivery run, as notes of its row. */
    static Map<String, String> deliveryNotes(DeliveryTracker tracker, S3DeliveryWatcher watcher, Duration poll) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("records acknowledged", Long.toString(tracker.ackedCount()));
        notes.put("acknowledged records found in S3", Long.toString(tracker.deliveredAckedCount()));
        notes.put("records found more than once", Long.toString(tracker.duplicateCount()));
        notes.put("records found but never acknowledged", Long.toString(tracker.unacknowledgedCount()));
        notes.put("objects read", Long.toString(watcher.objects()));
        notes.put("object bytes read", Long.toString(watcher.bytes()));
        notes.put("objects not holding bench records (error output)", Long.toString(watcher.malformedObjects()));
        notes.put(
                "objects listed and gone when read (the store's files in writing)",
                Long.toString(watcher.vanishedObjects()));
        notes.put("listings of the store's files in writing (not read)", Long.toString(watcher.storeTemporaryFiles()));
        notes.put("S3 poll interval", poll.toMillis() + " ms");
        return notes;
    }

    /** Polls S3 until every acknowledged record is there, or the drain timeout after the writers stopped. */
    private void watch(AtomicBoolean writersDone) {
        long drainDeadline = Long.MAX_VALUE;
        ErrorStreak errors = new ErrorStreak("S3 ListObjectsV2/GetObject");
        while (true) {
            boolean done = writersDone.get();
            if (done && drainDeadline == Long.MAX_VALUE) {
                drainDeadline = System.nanoTime() + drainTimeout.toNanos();
            }
            try {
                watcher.poll(bytes -> deliveryMeter.count(1, bytes));
                errors.success();
            } catch (SdkException e) {
                deliveryMeter.error();
                errors.failure(e);
                continue;
            }
            if (done
                    && (tracker.deliveredAckedCount() >= tracker.ackedCount()
                            || System.nanoTime() - drainDeadline > 0)) {
                return;
            }
            StreamAdmin.sleep(pollInterval.toMillis());
        }
    }

    private void write(RecordBudget budget) {
        byte[] template = Payloads.randomBytes(spec.recordSize());
        ErrorStreak errors = new ErrorStreak("PutRecordBatch");
        int claimed;
        while ((claimed = budget.claim(spec.batchSize())) > 0) {
            int pending = claimed;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS && pending > 0; attempt++) {
                if (attempt > 1 && budget.expired()) {
                    break;
                }
                long batchId = batchIds.incrementAndGet();
                List<Record> records = new ArrayList<>(pending);
                for (int i = 0; i < pending; i++) {
                    byte[] payload = template.clone();
                    ByteBuffer.wrap(payload).putLong(batchId).putInt(i);
                    records.add(Record.builder()
                            .data(SdkBytes.fromByteArrayUnsafe(payload))
                            .build());
                }
                long start = System.nanoTime();
                PutRecordBatchResponse response;
                try {
                    response = firehose.putRecordBatch(
                            b -> b.deliveryStreamName(deliveryStream).records(records));
                } catch (SdkException e) {
                    putMeter.error();
                    errors.failure(e);
                    continue;
                }
                long acked = System.nanoTime();
                errors.success();
                putMeter.latencyNanos(acked - start);
                int[] accepted = acceptedIndexes(response);
                tracker.acked(batchId, accepted, acked);
                putMeter.count(accepted.length, (long) accepted.length * spec.recordSize());
                pending -= accepted.length;
                if (pending > 0) {
                    putMeter.rejected(pending);
                    StreamAdmin.sleep(10L * attempt);
                }
            }
        }
    }

    /** PutRecordBatch answers entry by entry, in request order; failed ones carry an ErrorCode. */
    private static int[] acceptedIndexes(PutRecordBatchResponse response) {
        List<PutRecordBatchResponseEntry> entries = response.requestResponses();
        return java.util.stream.IntStream.range(0, entries.size())
                .filter(i -> entries.get(i).errorCode() == null)
                .toArray();
    }

    /** Deletes the run's objects; a failure is returned as a warning. */
    public String deleteObjects() {
        return watcher.deleteAll();
    }
}
