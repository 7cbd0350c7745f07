package io.millrace.bench.cli;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.KinesisClients;
import io.millrace.bench.workload.KinesisE2eWorkload;
import io.millrace.bench.workload.LoadSpec;
import io.millrace.bench.workload.PollingReaders;
import io.millrace.bench.workload.StreamAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Put-to-get visibility: time from PutRecord acknowledged to the record returned by"
                + " GetRecords polling readers (one per shard).")
public final class E2eCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    LoadOptions load;

    @Option(names = "--poll-interval", defaultValue = "10ms", converter = DurationConverter.class,
            description = "Pause of a reader after an empty GetRecords answer; AWS allows 5 calls/s per shard,"
                    + " so use 200ms against limits (default: ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        LoadSpec loadSpec = load.toSpec(spec, KinesisE2eWorkload.HEADER_BYTES);
        if (pollInterval.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--poll-interval must not be negative");
        }
        String stream = load.streamName("e2e", WorkloadRun.stamp(startedAt));
        return WorkloadRun.execute(spec, "e2e", load.resultsDir, startedAt, (out, params, warnings) -> {
            params.put("endpoint", endpoint.target().describe());
            params.put("stream", stream);
            params.putAll(LoadOptions.describe(loadSpec));
            params.put("batch size", "1 (PutRecord)");
            params.put("readers", "one per shard, polling GetRecords");
            params.put("poll interval", pollInterval.toMillis() + " ms");
            List<RunResult> runs = new ArrayList<>();
            try (KinesisClient client = KinesisClients.create(endpoint.target(),
                    loadSpec.threads() + loadSpec.shards())) {
                StreamAdmin admin = new StreamAdmin(client);
                admin.createAndWait(stream, loadSpec.shards());
                try {
                    runs.addAll(new KinesisE2eWorkload(client, stream, loadSpec,
                            new PollingReaders(client, stream, pollInterval)).run(out));
                } finally {
                    if (!load.keep) {
                        PutCommand.addIfPresent(warnings, admin.delete(stream));
                    }
                }
            }
            return runs;
        });
    }
}
