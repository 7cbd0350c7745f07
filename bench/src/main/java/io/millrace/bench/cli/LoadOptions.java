package io.millrace.bench.cli;

import io.millrace.bench.workload.LoadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The load every workload shares, checked against the Kinesis limits before anything is sent. */
public final class LoadOptions {

    /** When only --records bounds a run, it still stops after this long. */
    static final Duration RECORDS_ONLY_CAP = Duration.ofHours(1);

    @Option(
            names = "--record-size",
            defaultValue = "1024",
            description = "Bytes of each record's data; the standard sizes are 100, 1024, 10240 and 102400 "
                    + "(default: ${DEFAULT-VALUE})")
    int recordSize;

    @Option(
            names = "--batch-size",
            defaultValue = "100",
            description = "Records per PutRecords call, 1 to 500 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--shards",
            defaultValue = "4",
            description = "Shards of the stream (partitions of the baseline topic) (default: ${DEFAULT-VALUE})")
    int shards;

    @Option(
            names = "--threads",
            defaultValue = "4",
            description = "Client threads that write (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "How long to write: 500ms, 30s, 2m, 1h (default: 30s, or 1h when --records is given)")
    Duration duration;

    @Option(
            names = "--records",
            defaultValue = "0",
            description = "Records to write; 0 means as many as --duration allows (default: ${DEFAULT-VALUE})")
    long records;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "Records per second across all writer threads, paced evenly (an open loop: latencies at"
                    + " a stated load); 0 writes as fast as the calls are answered (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--stream", description = "Stream (or topic) name (default: millrace-bench-<workload>-<time>)")
    String stream;

    @Option(names = "--keep", description = "Keep the stream (and baseline topic) after the run")
    boolean keep;

    @Option(
            names = "--results-dir",
            defaultValue = "results",
            description = "Folder of the <timestamp>-<workload> result folders (default: ${DEFAULT-VALUE})")
    Path resultsDir;

    /** @param minRecordSize smallest data size the workload can work with */
    LoadSpec toSpec(CommandSpec spec, int minRecordSize) {
        return toSpec(spec, minRecordSize, RequestLimits.PUT_RECORDS);
    }

    /** @param limits the write API's limits on one call, which the load must respect */
    LoadSpec toSpec(CommandSpec spec, int minRecordSize, RequestLimits limits) {
        int maxRecordSize = limits.maxRecordBytes() - limits.keyBytes();
        if (recordSize < minRecordSize || recordSize > maxRecordSize) {
            throw new ParameterException(
                    spec.commandLine(),
                    String.format(
                            "--record-size must be between %d and %d bytes (%s), got %d",
                            minRecordSize, maxRecordSize, limits.recordLimitText(), recordSize));
        }
        if (batchSize < 1 || batchSize > limits.maxEntries()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--batch-size must be between 1 and " + limits.maxEntries() + " (the " + limits.api()
                            + " limit), got " + batchSize);
        }
        if ((long) batchSize * (recordSize + limits.keyBytes()) > limits.maxRequestBytes()) {
            throw new ParameterException(
                    spec.commandLine(),
                    String.format(
                            "--batch-size %d of --record-size %d exceeds the %s %s request limit;"
                                    + " use --batch-size %d or less",
                            batchSize,
                            recordSize,
                            limits.requestLimitText(),
                            limits.api(),
                            limits.maxRequestBytes() / (recordSize + limits.keyBytes())));
        }
        if (shards < 1) {
            throw new ParameterException(spec.commandLine(), "--shards must be at least 1, got " + shards);
        }
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 1024, got " + threads);
        }
        if (records < 0) {
            throw new ParameterException(spec.commandLine(), "--records must be 0 or more, got " + records);
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new ParameterException(
                    spec.commandLine(), "--rate must be 0 or more records per second, got " + rate);
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + duration);
        }
        Duration cap = duration != null ? duration : records > 0 ? RECORDS_ONLY_CAP : Duration.ofSeconds(30);
        return new LoadSpec(recordSize, batchSize, shards, threads, cap, records, rate);
    }

    String streamName(String workload, String stamp) {
        return stream != null ? stream : "millrace-bench-" + workload + "-" + stamp;
    }

    static Map<String, String> describe(LoadSpec spec) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("record size", spec.recordSize() + " B");
        params.put("batch size", Integer.toString(spec.batchSize()));
        params.put("shards", Integer.toString(spec.shards()));
        params.put("writer threads", Integer.toString(spec.threads()));
        params.put("records", spec.maxRecords() > 0 ? Long.toString(spec.maxRecords()) : "unbounded");
        if (spec.rate() > 0) {
            params.put("rate", String.format(java.util.Locale.ROOT, "%.0f records/s, paced", spec.rate()));
        }
        params.put("duration cap", spec.duration().toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        return params;
    }
}
