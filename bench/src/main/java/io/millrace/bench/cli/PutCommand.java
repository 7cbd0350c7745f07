package io.millrace.bench.cli;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.KafkaBaseline;
import io.millrace.bench.workload.KinesisClients;
import io.millrace.bench.workload.KinesisPutWorkload;
import io.millrace.bench.workload.LoadSpec;
import io.millrace.bench.workload.StreamAdmin;
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

@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "PutRecords throughput and latency on a stream of its own.")
public final class PutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    LoadOptions load;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--compare", description = "Also run the raw Kafka producer baseline and print the ratio")
    boolean compare;

    @Option(
            names = "--warm-up-records",
            defaultValue = "100000",
            description = "Records written and forgotten before the measured PutRecords run, on its stream, and"
                    + " before the Kafka producer's run with --compare, on its topic, so that the JIT compiling"
                    + " the write path (the platform's first calls on a fresh JVM) does not count against the"
                    + " first mode measured; 0 for none (default: ${DEFAULT-VALUE})")
    long warmUpRecords;

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        LoadSpec loadSpec = load.toSpec(spec, 1);
        if (warmUpRecords < 0) {
            throw new ParameterException(spec.commandLine(), "--warm-up-records must be 0 or more");
        }
        String bootstrap = compare ? kafka.required(spec, "with --compare") : null;
        String stream = load.streamName("put", WorkloadRun.stamp(startedAt));
        return WorkloadRun.execute(
                spec, "put", load.resultsDir, startedAt, endpoint.cpuProbe(), (out, params, warnings) -> {
                    params.put("endpoint", endpoint.target().describe());
                    params.put("stream", stream);
                    params.putAll(LoadOptions.describe(loadSpec));
                    params.put("warm-up", warmUpRecords + " records written unmeasured before each write");
                    List<RunResult> runs = new ArrayList<>();
                    try (KinesisClient client = KinesisClients.create(endpoint.target(), loadSpec.threads())) {
                        StreamAdmin admin = new StreamAdmin(client);
                        admin.createAndWait(stream, loadSpec.shards());
                        try {
                            KinesisPutWorkload puts = new KinesisPutWorkload(client, stream, loadSpec);
                            puts.warmUp(warmUpRecords, out);
                            runs.add(puts.run("put", out));
                        } finally {
                            if (!load.keep) {
                                addIfPresent(warnings, admin.delete(stream));
                            }
                        }
                    }
                    if (compare) {
                        params.put("Kafka bootstrap servers", bootstrap);
                        runs.addAll(KafkaBaseline.run(
                                bootstrap, stream + "-kafka", loadSpec, warmUpRecords, -1, load.keep, out, warnings));
                    }
                    return runs;
                });
    }

    static void addIfPresent(List<String> warnings, String warning) {
        if (warning != null) {
            warnings.add(warning);
        }
    }
}
