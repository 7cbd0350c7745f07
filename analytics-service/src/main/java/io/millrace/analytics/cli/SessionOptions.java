package io.millrace.analytics.cli;

import io.millrace.analytics.sql.SqlScriptRunner;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where statements run and against which Millrace cluster; shared by {@code sql} and {@code sql run}. */
final class SessionOptions {

    @Option(
            names = "--flink-rest-url",
            paramLabel = "URL",
            description = "JobManager REST URL of a Flink cluster (default: a local mini-cluster)")
    URI flinkRestUrl;

    /** Where {@code millrace up} listens for Kafka when nothing else says: its own default port. */
    static final String UP_DEFAULT_KAFKA = "127.0.0.1:9092";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOSTS",
            description = "Kafka bootstrap servers of Millrace: registers the 'millrace' catalog and the default of "
                    + "every Millrace table. Default: $MILLRACE_BOOTSTRAP_SERVERS, else the Kafka of the 'millrace up' "
                    + "running on --data-dir, else " + UP_DEFAULT_KAFKA + " (up's default)",
            defaultValue = "${env:MILLRACE_BOOTSTRAP_SERVERS}")
    String bootstrapServers;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "./data",
            description = "Data directory of the 'millrace up' to use when no bootstrap servers are given "
                    + "(default: ${DEFAULT-VALUE}, as for up)")
    Path dataDir;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Flink configuration of the session")
    Map<String, String> configuration = new LinkedHashMap<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Value of ${NAME} in scripts")
    Map<String, String> variables = new LinkedHashMap<>();

    boolean remote() {
        return flinkRestUrl != null;
    }

    /** The given servers, else those of the platform running on the data directory, else up's default. */
    String resolvedBootstrapServers() {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return bootstrapServers;
        }
        return PlatformEndpoints.kafka(dataDir).orElse(UP_DEFAULT_KAFKA);
    }

    SqlScriptRunner open(PrintStream out) {
        SqlScriptRunner.Settings settings =
                new SqlScriptRunner.Settings(resolvedBootstrapServers(), configuration, variables, out);
        return remote() ? SqlScriptRunner.remote(flinkRestUrl, settings) : SqlScriptRunner.local(settings);
    }
}
