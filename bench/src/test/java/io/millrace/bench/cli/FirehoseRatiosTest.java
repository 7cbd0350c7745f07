package io.millrace.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.PhaseCpu;
import io.millrace.bench.stats.RunResult;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FirehoseRatiosTest {

    private static final long MIB = 1024 * 1024;

    private static RunResult run(String name, Operation op, boolean kafka, long records, long mib) {
        return new RunResult(
                name,
                op,
                kafka,
                "one call",
                records,
                mib * MIB,
                10.0,
                new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS),
                List.of(),
                Map.of("failed calls", "0"),
                PhaseCpu.NONE);
    }

    @Test
    void deliveredThroughputIsJudgedAgainstRawS3AndPutRecordBatchAgainstPutRecords() {
        List<RunResult> runs = FirehoseRatios.annotate(List.of(
                run("put", Operation.WRITE, false, 20_000, 20),
                run("s3", Operation.DELIVERY, false, 20_000, 20),
                run("raw s3", Operation.OBJECT_WRITE, false, 16, 80),
                run("kinesis put", Operation.WRITE, false, 80_000, 80),
                run("kafka put", Operation.WRITE, true, 160_000, 160)));

        assertThat(runs.get(0).notes())
                .containsEntry("failed calls", "0")
                .containsEntry("PutRecordBatch vs PutRecords", "0.25×");
        assertThat(runs.get(1).notes()).containsEntry("delivered MiB/s vs raw S3", "0.25×");
        assertThat(runs.get(2).notes()).containsOnlyKeys("failed calls");
        assertThat(runs.get(4).notes()).containsOnlyKeys("failed calls");
    }

    @Test
    void aMissingComparisonRunLeavesADash() {
        List<RunResult> runs = FirehoseRatios.annotate(List.of(
                run("put", Operation.WRITE, false, 20_000, 20), run("s3", Operation.DELIVERY, false, 20_000, 20)));

        assertThat(runs.get(0).notes()).containsEntry("PutRecordBatch vs PutRecords", "–");
        assertThat(runs.get(1).notes()).containsEntry("delivered MiB/s vs raw S3", "–");
    }

    @Test
    void anHttpDeliveryIsJudgedAgainstRawPostsAndItsPutRowAgainstNothing() {
        List<RunResult> runs = FirehoseRatios.annotate(List.of(
                run("put", Operation.WRITE, false, 20_000, 20),
                run("http", Operation.DELIVERY, false, 20_000, 20),
                run("raw http", Operation.HTTP_POST, false, 40_000, 40)));

        assertThat(runs.get(0).notes()).containsOnlyKeys("failed calls");
        assertThat(runs.get(1).notes()).containsEntry("delivered MiB/s vs raw HTTP POST", "0.50×");
        assertThat(runs.get(2).notes()).containsOnlyKeys("failed calls");
    }
}
