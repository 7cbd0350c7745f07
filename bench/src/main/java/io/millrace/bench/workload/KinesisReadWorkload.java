package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a filled stream back with one GetRecords reader per shard, from TRIM_HORIZON, as fast as the endpoint
 * answers. A reader stops when its shard is drained (an empty answer with MillisBehindLatest 0, the signal KCL
 * uses too), when every written record has been read, when its shard is closed, or at the deadline.
 */
public final class KinesisReadWorkload {

    private final KinesisClient client;
    private final String stream;
    private final int limit;
    private final Duration duration;

    /**
     * @param limit    the GetRecords Limit (AWS allows at most 10,000)
     * @param duration cap of the read phase
     */
    public KinesisReadWorkload(KinesisClient client, String stream, int limit, Duration duration) {
        this.client = client;
        this.stream = stream;
        this.limit = limit;
        this.duration = duration;
    }

    /**
     * Reads about {@code records} records (all shards together, from TRIM_HORIZON) and forgets them: the platform's
     * JIT compiles the read path before the measured run, so the compiler's CPU and the interpreted first calls do
     * not count against whichever mode is measured first. Prints one line, not a row of the report.
     */
    public void warmUp(long records, PrintWriter out) {
        if (records <= 0) {
            return;
        }
        long started = System.nanoTime();
        Meter meter = new Meter();
        readAll(meter, records, new RecordBudget(duration, 0), new Behind());
        out.printf(
                "warm-up: %d records read in %.1f s (not measured)%n",
                meter.records(), (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /** @param expected records known to be in the stream; the readers stop once that many were read */
    public RunResult run(String name, long expected, PrintWriter out) {
        Meter meter = new Meter();
        Behind behind = new Behind();
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            readAll(meter, expected, new RecordBudget(duration, 0), behind);
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("records expected", Long.toString(expected));
            notes.put("MillisBehindLatest, highest", behind.highest.get() + " ms");
            notes.put("MillisBehindLatest, last", behind.last.get() + " ms");
            notes.put("failed calls", Long.toString(meter.errors()));
            return ticker.finish(Operation.READ, false, "one GetRecords call (Limit " + limit + ")", notes);
        }
    }

    /** MillisBehindLatest seen by the readers: the highest and the last. */
    private static final class Behind {
        final AtomicLong highest = new AtomicLong();
        final AtomicLong last = new AtomicLong(-1);
    }

    /** One reader per shard from TRIM_HORIZON until {@code expected} records were read (all readers together). */
    private void readAll(Meter meter, long expected, RecordBudget deadline, Behind seen) {
        List<String> shards = new StreamAdmin(client).shardIds(stream);
        ClientThreads.runAll("bench-get", shards.size(), index -> {
            String shardId = shards.get(index);
            String iterator = client.getShardIterator(b ->
                            b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            String lastSequence = null;
            ErrorStreak errors = new ErrorStreak("GetRecords");
            while (iterator != null && !deadline.expired() && meter.records() < expected) {
                String current = iterator;
                long start = System.nanoTime();
                GetRecordsResponse response;
                try {
                    response = client.getRecords(b -> b.shardIterator(current).limit(limit));
                } catch (ExpiredIteratorException e) {
                    iterator = resume(shardId, lastSequence);
                    continue;
                } catch (SdkException e) {
                    meter.error();
                    errors.failure(e);
                    continue;
                }
                meter.latencyNanos(System.nanoTime() - start);
                errors.success();
                long bytes = 0;
                for (Record r : response.records()) {
                    bytes += r.data().asByteBuffer().remaining();
                    lastSequence = r.sequenceNumber();
                }
                meter.count(response.records().size(), bytes);
                Long behind = response.millisBehindLatest();
                if (behind != null) {
                    meter.gauge(behind);
                    seen.highest.accumulateAndGet(behind, Math::max);
                    seen.last.set(behind);
                }
                if (response.records().isEmpty() && behind != null && behind == 0) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        });
    }

    private String resume(String shardId, String lastSequence) {
        return client.getShardIterator(b -> {
                    b.streamName(stream).shardId(shardId);
                    if (lastSequence == null) {
                        b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    } else {
                        b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                .startingSequenceNumber(lastSequence);
                    }
                })
                .shardIterator();
    }
}
