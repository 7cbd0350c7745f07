package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * PutRecords from N threads, each with one call in flight, until the record count or the duration is reached.
 * Entries the endpoint rejects (throttling) are sent again, as producers such as the KPL do, a bounded number of
 * times; only accepted records count towards throughput.
 */
public final class KinesisPutWorkload {

    /** Attempts per entry before it is given up and reported as dropped. */
    private static final int MAX_ATTEMPTS = 5;

    private final KinesisClient client;
    private final String stream;
    private final LoadSpec spec;

    public KinesisPutWorkload(KinesisClient client, String stream, LoadSpec spec) {
        this.client = client;
        this.stream = stream;
        this.spec = spec;
    }

    /**
     * Writes {@code records} records (at most for the run's duration) with the run's load and forgets the figures,
     * so that the endpoint's JIT compiling the write path does not count against the run measured next; prints one
     * {@code warm-up:} line.
     */
    public void warmUp(long records, PrintWriter out) {
        if (records <= 0) {
            return;
        }
        long started = System.nanoTime();
        Meter meter = new Meter();
        write(meter, new RecordBudget(spec.duration(), records), new LongAdder());
        out.printf(
                "warm-up: %d records written in %.1f s (not measured)%n",
                meter.records(), (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    public RunResult run(String name, PrintWriter out) {
        Meter meter = new Meter();
        LongAdder dropped = new LongAdder();
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            write(meter, spec.newBudget(), dropped);
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("throttled entries (sent again)", Long.toString(meter.rejected()));
            notes.put("dropped entries", Long.toString(dropped.sum()));
            notes.put("failed calls", Long.toString(meter.errors()));
            return ticker.finish(
                    Operation.WRITE, false, "one PutRecords call of " + spec.batchSize() + " records", notes);
        }
    }

    private void write(Meter meter, RecordBudget budget, LongAdder dropped) {
        ClientThreads.runAll("bench-put", spec.threads(), index -> {
            SdkBytes data = SdkBytes.fromByteArrayUnsafe(Payloads.randomBytes(spec.recordSize()));
            ErrorStreak errors = new ErrorStreak("PutRecords");
            int claimed;
            while ((claimed = budget.claim(spec.batchSize())) > 0) {
                List<PutRecordsRequestEntry> pending = new ArrayList<>(claimed);
                for (int i = 0; i < claimed; i++) {
                    pending.add(PutRecordsRequestEntry.builder()
                            .partitionKey(Payloads.randomPartitionKey())
                            .data(data)
                            .build());
                }
                pending = putWithRetries(pending, meter, errors, budget);
                dropped.add(pending.size());
            }
        });
    }

    private List<PutRecordsRequestEntry> putWithRetries(
            List<PutRecordsRequestEntry> entries, Meter meter, ErrorStreak errors, RecordBudget budget) {
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1 && budget.expired()) {
                break;
            }
            List<PutRecordsRequestEntry> batch = pending;
            long start = System.nanoTime();
            PutRecordsResponse response;
            try {
                response = client.putRecords(b -> b.streamName(stream).records(batch));
            } catch (SdkException e) {
                meter.error();
                errors.failure(e);
                continue;
            }
            meter.latencyNanos(System.nanoTime() - start);
            errors.success();
            pending = failedEntries(batch, response);
            int accepted = batch.size() - pending.size();
            meter.count(accepted, (long) accepted * spec.recordSize());
            if (!pending.isEmpty()) {
                meter.rejected(pending.size());
                StreamAdmin.sleep(10L * attempt);
            }
        }
        return pending;
    }

    /** PutRecords answers entry by entry, in request order; failed ones carry an ErrorCode. */
    private static List<PutRecordsRequestEntry> failedEntries(
            List<PutRecordsRequestEntry> sent, PutRecordsResponse response) {
        if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
            return List.of();
        }
        List<PutRecordsRequestEntry> failed = new ArrayList<>(response.failedRecordCount());
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < sent.size() && i < results.size(); i++) {
            if (results.get(i).errorCode() != null) {
                failed.add(sent.get(i));
            }
        }
        return failed;
    }
}
