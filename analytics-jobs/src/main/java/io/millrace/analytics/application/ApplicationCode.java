package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.net.URI;
import java.util.Map;

/** Checks and runs an application's code, whatever its kind (a Flink SQL script; jars are not supported yet). */
final class ApplicationCode {

  private final SqlCode sql;
  private final URI restUrl;

  ApplicationCode(SqlCode sql, URI restUrl) {
    this.sql = sql;
    this.restUrl = restUrl;
  }

  /** Throws CodeValidationException when the code cannot run. */
  void validate(ApplicationConfig config) {
    if (config.isSql() && config.hasCode()) {
      sql.validate(config.sqlScript(), config.scriptVariables());
    } else if (config.hasCode()) {
      throw ApplicationErrors.unsupportedOperation("Java applications (ZIPFILE code) are not supported by Millrace"
          + " yet: use RuntimeEnvironment SQL-1_0 with a Flink SQL script as TextContent.");
    }
  }

  /** Submits the application's job with these Flink options; returns its job id. */
  String submit(ApplicationMetadata app, ApplicationConfig config, Map<String, String> options) throws Exception {
    if (!config.isSql()) {
      throw new IllegalStateException("only SQL-1_0 applications run");
    }
    return sql.submit(restUrl, config.sqlScript(), config.scriptVariables(), options);
  }

  /** Drops what is kept of a deleted application's code. */
  void forget(ApplicationMetadata app) {
  }
}
