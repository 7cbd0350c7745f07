package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store's own write throughput, the ceiling of Firehose delivery: {@code threads} threads each PUT objects of
 * {@link #OBJECT_BYTES} (the smallest multipart part AWS allows, and a typical delivered object) one after the
 * other, with the S3 SDK, until the duration or the object count is reached. The objects go under a prefix of their
 * own and are deleted afterwards.
 */
public final class RawS3PutWorkload {

    /** 5 MiB objects, as the performance issue's measure of the store. */
    public static final int OBJECT_BYTES = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int threads;
    private final Duration duration;
    private final long maxObjects;

    /**
     * @param s3         a client with at least {@code threads} connections
     * @param maxObjects objects to write, 0 for as many as {@code duration} allows
     */
    public RawS3PutWorkload(
            S3Client s3, String bucket, String prefix, int threads, Duration duration, long maxObjects) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.threads = threads;
        this.duration = duration;
        this.maxObjects = maxObjects;
    }

    public RunResult run(String name, PrintWriter out) {
        Meter meter = new Meter();
        RecordBudget budget = new RecordBudget(duration, maxObjects);
        byte[] body = Payloads.randomBytes(OBJECT_BYTES);
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            ClientThreads.runAll("bench-raw-s3", threads, index -> {
                ErrorStreak errors = new ErrorStreak("PutObject");
                long sequence = 0;
                while (budget.claim(1) > 0) {
                    String key = prefix + index + "-" + sequence++;
                    long start = System.nanoTime();
                    try {
                        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                    } catch (SdkException e) {
                        meter.error();
                        errors.failure(e);
                        continue;
                    }
                    meter.latencyNanos(System.nanoTime() - start);
                    meter.count(1, body.length);
                    errors.success();
                }
            });
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("writer threads", Integer.toString(threads));
            notes.put("failed calls", Long.toString(meter.errors()));
            return ticker.finish(
                    Operation.OBJECT_WRITE, false, "one PutObject call of a 5 MiB object (records are objects)", notes);
        }
    }

    /** Deletes the objects of the run; a warning when that failed. */
    public String deleteObjects() {
        return S3DeliveryWatcher.deletePrefix(s3, bucket, prefix);
    }
}
