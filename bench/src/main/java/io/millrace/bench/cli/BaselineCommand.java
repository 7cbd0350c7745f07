package io.millrace.bench.cli;

import io.millrace.bench.workload.KafkaBaseline;
import io.millrace.bench.workload.LoadSpec;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The put and read workloads with a plain Kafka producer (acks=all, idempotent, linger 5 ms)"
                + " and consumers: the ceiling the Kinesis figures are compared with.")
public final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoadOptions load;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        LoadSpec loadSpec = load.toSpec(spec, 1);
        String bootstrap = kafka.required(spec, "for the baseline");
        String topic = load.streamName("baseline", WorkloadRun.stamp(startedAt));
        return WorkloadRun.execute(
                spec, "baseline", load.resultsDir, startedAt, kafka.brokerProbe(), (out, params, warnings) -> {
                    params.put("Kafka bootstrap servers", bootstrap);
                    params.put("topic", topic);
                    params.putAll(LoadOptions.describe(loadSpec));
                    params.put("readers", "one consumer per partition");
                    return KafkaBaseline.run(bootstrap, topic, loadSpec, true, load.keep, out, warnings);
                });
    }
}
