package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
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

/**
 * PutRecordBatch into a DirectPut delivery stream from N threads, while one watcher looks at the destination the
 * stream delivers to (S3, an HTTP endpoint, an Iceberg table, an OpenSearch index: {@link DeliveryDestination}).
 * Each payload names its batch id and its index in the batch; the delivery run's latency of a record is its data
 * freshness as a user sees it: from PutRecordBatch acknowledged to the record seen at the destination.
 */
public final class FirehoseWorkload {

    /** Bytes at the start of each binary payload: batch id, index in the batch, padding. */
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
    private final DeliveryDestination destination;
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
            DeliveryDestination destination,
            String deliveryStream,
            LoadSpec spec,
            Duration pollInterval,
            Duration drainTimeout,
            ConnectorPause pause) {
        if (spec.recordSize() < destination.format().minBytes()) {
            throw new IllegalArgumentException(
                    "firehose records need at least " + destination.format().minBytes() + " bytes");
        }
        this.firehose = firehose;
        this.deliveryStream = deliveryStream;
        this.spec = spec;
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.pause = pause;
        this.destination = destination;
        destination.attach(tracker, bytes -> deliveryMeter.count(1, bytes));
    }

    /**
     * Returns the PutRecordBatch run and the delivery run. With the sink paused, the writers run first with nothing
     * delivering beside them; the sink is then resumed and the delivery run (timed from the resumption, its
     * latencies including the pause) still checks that every acknowledged record arrives exactly once.
     */
    public List<RunResult> run(PrintWriter out) {
        AtomicBoolean writersDone = new AtomicBoolean();
        ProgressTicker deliveryTicker = null;
        CompletableFuture<Void> watching = null;
        RunResult put;
        if (pause == null) {
            deliveryTicker = ProgressTicker.start(destination.row(), deliveryMeter, out);
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
            deliveryTicker = ProgressTicker.start(destination.row(), deliveryMeter, out);
            watching = startWatching(writersDone);
        }
        try {
            watching.get(drainTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            deliveryTicker.close();
            throw e.getCause() instanceof BenchFailure bf
                    ? bf
                    : new BenchFailure(
                            "watching the " + destination.row() + " destination failed: "
                                    + e.getCause().getMessage(),
                            e.getCause());
        } catch (TimeoutException e) {
            deliveryTicker.close();
            throw new BenchFailure("the " + destination.row() + " watcher did not stop", e);
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
        if (destination.tracksRecords()) {
            notes.putAll(deliveryNotes(tracker, destination.where()));
        } else {
            notes.put("records acknowledged", Long.toString(tracker.ackedCount()));
        }
        notes.putAll(destination.notes());
        if (!destination.pushed()) {
            notes.put(destination.row() + " poll interval", pollInterval.toMillis() + " ms");
        }
        RunResult delivered = deliveryTicker.finish(destination.operation(), false, destination.latencyOf(), notes);
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
            Thread t = new Thread(command, "bench-firehose-" + destination.row());
            t.setDaemon(true);
            t.start();
        });
    }

    /** The exactly-once check of a delivery run, as notes of its row ({@code where}: "in S3", ...). */
    static Map<String, String> deliveryNotes(DeliveryTracker tracker, String where) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("records acknowledged", Long.toString(tracker.ackedCount()));
        notes.put("acknowledged records found " + where, Long.toString(tracker.deliveredAckedCount()));
        notes.put("records found more than once", Long.toString(tracker.duplicateCount()));
        notes.put("records found but never acknowledged", Long.toString(tracker.unacknowledgedCount()));
        return notes;
    }

    /** Polls the destination until every acknowledged record is there, or the drain timeout after the writers stop. */
    private void watch(AtomicBoolean writersDone) {
        long drainDeadline = Long.MAX_VALUE;
        ErrorStreak errors = new ErrorStreak("reading the " + destination.row() + " destination");
        while (true) {
            boolean done = writersDone.get();
            if (done && drainDeadline == Long.MAX_VALUE) {
                drainDeadline = System.nanoTime() + drainTimeout.toNanos();
            }
            try {
                destination.poll();
                errors.success();
            } catch (BenchFailure e) {
                throw e;
            } catch (RuntimeException e) {
                // SDK, HTTP and Iceberg read errors alike: a few are part of a load test, a streak ends the run.
                deliveryMeter.error();
                errors.failure(e);
                continue;
            }
            if (done && (destination.caughtUp(tracker) || System.nanoTime() - drainDeadline > 0)) {
                return;
            }
            StreamAdmin.sleep(pollInterval.toMillis());
        }
    }

    private void write(RecordBudget budget) {
        PayloadFormat format = destination.format();
        byte[] template = format.template(spec.recordSize());
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
                    records.add(Record.builder()
                            .data(SdkBytes.fromByteArrayUnsafe(format.payload(template, batchId, i)))
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

    /** Removes what the run left at the destination; a failure is returned as a warning. */
    public String deleteObjects() {
        return destination.cleanUp();
    }
}
