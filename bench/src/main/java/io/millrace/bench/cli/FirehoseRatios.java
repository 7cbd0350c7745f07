package io.millrace.bench.cli;

import io.millrace.bench.report.Ratios;
import io.millrace.bench.stats.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The two ratios of {@code firehose --compare} besides "vs Kafka", as notes of the rows they judge (printed under
 * the table and in the report): delivered MiB/s against what the same S3 store takes from raw parallel PUTs, and
 * PutRecordBatch's records/s against PutRecords' with the same load.
 */
final class FirehoseRatios {

    /** Row names of the firehose workload and of the comparison runs. */
    static final String PUT = "put";

    static final String DELIVERED = "s3";
    static final String RAW_S3 = "raw s3";
    static final String KINESIS_PUT = "kinesis put";

    static final String DELIVERED_VS_RAW_S3 = "delivered MiB/s vs raw S3";
    static final String BATCH_VS_PUT_RECORDS = "PutRecordBatch vs PutRecords";

    private FirehoseRatios() {}

    /** {@code runs} with the ratios added as notes of the {@code s3} and {@code put} rows. */
    static List<RunResult> annotate(List<RunResult> runs) {
        OptionalDouble delivered = ratio(runs, DELIVERED, RAW_S3, RunResult::mibPerSecond);
        OptionalDouble batch = ratio(runs, PUT, KINESIS_PUT, RunResult::recordsPerSecond);
        List<RunResult> annotated = new ArrayList<>(runs.size());
        for (RunResult run : runs) {
            if (!run.kafka() && run.name().equals(DELIVERED)) {
                annotated.add(run.withNotes(Map.of(DELIVERED_VS_RAW_S3, Ratios.times(delivered))));
            } else if (!run.kafka() && run.name().equals(PUT)) {
                annotated.add(run.withNotes(Map.of(BATCH_VS_PUT_RECORDS, Ratios.times(batch))));
            } else {
                annotated.add(run);
            }
        }
        return annotated;
    }

    private static OptionalDouble ratio(
            List<RunResult> runs, String numerator, String denominator, ToDoubleFunction<RunResult> figure) {
        Optional<RunResult> a = find(runs, numerator);
        Optional<RunResult> b = find(runs, denominator);
        return a.isPresent() && b.isPresent()
                ? Ratios.of(figure.applyAsDouble(a.get()), figure.applyAsDouble(b.get()))
                : OptionalDouble.empty();
    }

    private static Optional<RunResult> find(List<RunResult> runs, String name) {
        return runs.stream().filter(r -> !r.kafka() && r.name().equals(name)).findFirst();
    }
}
