package io.millrace.bench.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The Kafka cluster the baseline runs on: the one behind the endpoint, for a fair ratio. */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka bootstrap servers for the raw Kafka baseline (host:port,...)")
    String bootstrapServers;

    String required(CommandSpec spec, String why) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-servers is required " + why);
        }
        return bootstrapServers;
    }
}
