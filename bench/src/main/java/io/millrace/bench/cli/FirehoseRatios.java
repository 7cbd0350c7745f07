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
 * The ratios of {@code firehose --compare} besides "vs Kafka", as notes of the rows they judge (printed under the
 * table and in the report): delivered MiB/s against what the destination takes without Firehose (raw parallel PUTs
 * to the same S3 store, for S3 and Iceberg; the same requests POSTed to the HTTP endpoint; {@code _bulk} of the same
 * documents to the OpenSearch node), and PutRecordBatch's records/s against PutRecords' with the same load.
 */
final class FirehoseRatios {

    /** Row names of the firehose workload and of the comparison runs. */
    static final String PUT = "put";

    static final String DELIVERED = "s3";
    static final String RAW_S3 = "raw s3";
    static final String RAW_HTTP = "raw http";
    static final String RAW_BULK = "raw _bulk";
    static final String KINESIS_PUT = "kinesis put";

    static final String DELIVERED_VS_RAW_S3 = "delivered MiB/s vs raw S3";
    static final String BATCH_VS_PUT_RECORDS = "PutRecordBatch vs PutRecords";

    /** Each delivery row, its baseline row and the ratio's note. */
    private static final List<String[]> DELIVERY_RATIOS = List.of(
            new String[] {DELIVERED, RAW_S3, DELIVERED_VS_RAW_S3},
            new String[] {"iceberg", RAW_S3, DELIVERED_VS_RAW_S3},
            new String[] {"http", RAW_HTTP, "delivered MiB/s vs raw HTTP POST"},
            new String[] {"opensearch", RAW_BULK, "delivered MiB/s vs raw _bulk"});

    private FirehoseRatios() {}

    /** {@code runs} with the ratios added as notes of the delivery row and the {@code put} row. */
    static List<RunResult> annotate(List<RunResult> runs) {
        OptionalDouble batch = ratio(runs, PUT, KINESIS_PUT, RunResult::recordsPerSecond);
        List<RunResult> annotated = new ArrayList<>(runs.size());
        for (RunResult run : runs) {
            String[] delivery = run.kafka()
                    ? null
                    : DELIVERY_RATIOS.stream()
                            .filter(r -> r[0].equals(run.name()))
                            .findFirst()
                            .orElse(null);
            if (delivery != null) {
                OptionalDouble delivered = ratio(runs, delivery[0], delivery[1], RunResult::mibPerSecond);
                annotated.add(run.withNotes(Map.of(delivery[2], Ratios.times(delivered))));
            } else if (!run.kafka()
                    && run.name().equals(PUT)
                    && find(runs, DELIVERED).isPresent()) {
                // Only S3 runs compare with PutRecords; the other destinations' baselines are the destination's.
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
