package io.millrace.bench.jmh;

import io.millrace.firehose.processing.ProcessingPipeline;
import io.millrace.firehose.processing.RecordOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Firehose sink's processing of one Connect batch (500 records of 1 KiB, as {@code bench firehose} sends), which
 * the task thread runs before buffering: {@code NONE} (no processor, every DirectPut stream without
 * ProcessingConfiguration) and {@code DELIMITER} (AppendDelimiterToRecord) take the pass-through path; {@code KPL}
 * (KPL de-aggregation over records that are not aggregates, so each is delivered as it is: the same outcomes)
 * takes the general path, with its per-record pieces, record ids and partition key strings, which every stream took
 * before the pass-through existed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirehoseProcessingBenchmark {

    private static final int RECORDS = 500;
    private static final int RECORD_BYTES = 1024;

    /** The processors configured. */
    public enum Processors {
        NONE,
        DELIMITER,
        KPL
    }

    @Param({"NONE", "DELIMITER", "KPL"})
    public Processors processors;

    private ProcessingPipeline pipeline;
    private List<SinkRecord> batch;

    @Setup
    public void setUp() {
        pipeline = new ProcessingPipeline(
                processors == Processors.KPL, null, null, processors == Processors.DELIMITER ? "\n" : null);
        SplittableRandom random = new SplittableRandom(16);
        batch = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[RECORD_BYTES];
            random.nextBytes(data);
            // Not a KPL aggregate: its magic bytes are F3 89 9A C2.
            data[0] = 0;
            batch.add(new SinkRecord(
                    "firehose-orders",
                    0,
                    null,
                    ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    null,
                    data,
                    1_000_000L + i,
                    1_765_000_000_000L,
                    TimestampType.CREATE_TIME));
        }
    }

    @Benchmark
    public List<RecordOutcome> process() {
        return pipeline.process(batch);
    }
}
