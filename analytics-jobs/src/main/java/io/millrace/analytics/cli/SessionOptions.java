package io.millrace.analytics.cli;

import io.millrace.analytics.sql.SqlScriptRunner;
import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where statements run and against which Millrace cluster; shared by {@code sql} and {@code sql run}. */
final class SessionOptions {

  @Option(names = "--flink-rest-url", paramLabel = "URL",
      description = "JobManager REST URL of a Flink cluster (default: a local mini-cluster)")
  URI flinkRestUrl;

  @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
      description = "Kafka bootstrap servers of Millrace: registers the 'millrace' catalog and the default of "
          + "every Millrace table (default: ${DEFAULT-VALUE})", defaultValue = "${env:MILLRACE_BOOTSTRAP_SERVERS}")
  String bootstrapServers;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Flink configuration of the session")
  Map<String, String> configuration = new LinkedHashMap<>();

  @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Value of ${NAME} in scripts")
  Map<String, String> variables = new LinkedHashMap<>();

  boolean remote() {
    return flinkRestUrl != null;
  }

  SqlScriptRunner open(PrintStream out) {
    SqlScriptRunner.Settings settings = new SqlScriptRunner.Settings(
        bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers,
        configuration, variables, out);
    return remote() ? SqlScriptRunner.remote(flinkRestUrl, settings) : SqlScriptRunner.local(settings);
  }
}
