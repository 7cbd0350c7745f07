package io.millrace.bench.cli;

import io.millrace.bench.stats.CpuProbe;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The Kafka cluster the baseline runs on: the one behind the endpoint, for a fair ratio. */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka bootstrap servers for the raw Kafka baseline (host:port,...)")
    String bootstrapServers;

    /** The broker process, when the first bootstrap server is on a loopback address: the baseline's platform. */
    CpuProbe brokerProbe() {
        String first = bootstrapServers.split(",")[0].trim();
        return CpuProbe.resolve(null, URI.create("kafka://" + first), 9092);
    }

    String required(CommandSpec spec, String why) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-servers is required " + why);
        }
        return bootstrapServers;
    }
}
