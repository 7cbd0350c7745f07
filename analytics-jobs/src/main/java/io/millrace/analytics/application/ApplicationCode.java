package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks, keeps and runs an application's code: a Flink SQL script ({@link SqlCode}) or a jar ({@link JarCode}). */
final class ApplicationCode {

  /** Where a jar was kept: what the metadata records of it. */
  record StoredJar(String file, String md5, long size) {}

  private final SqlCode sql;
  private final JarCode jars;
  private final URI restUrl;

  ApplicationCode(SqlCode sql, JarCode jars, URI restUrl) {
    this.sql = sql;
    this.jars = jars;
    this.restUrl = restUrl;
  }

  /** Throws CodeValidationException when the code cannot run. */
  void validate(ApplicationConfig config) {
    validate(config, null);
  }

  /** @param keptJar the jar kept so far, which ZIPFILE code without content goes on running */
  void validate(ApplicationConfig config, String keptJar) {
    if (!config.hasCode()) {
      return;
    }
    if (config.isSql()) {
      sql.validate(config.sqlScript(), config.scriptVariables());
      return;
    }
    byte[] jar = config.zipFileContent();
    if (jar == null && keptJar != null) {
      try {
        jar = Files.readAllBytes(Path.of(keptJar));
      } catch (IOException e) {
        throw ApplicationErrors.codeValidation("The application's jar is gone (" + keptJar + "): send it again.");
      }
    }
    JarCode.mainClass(jar, config.propertyGroups());
  }

  /** Keeps the jar of a ZIPFILE application (already validated); null for other code. */
  StoredJar store(ApplicationMetadata app, ApplicationConfig config) throws IOException {
    byte[] jar = config.zipFileContent();
    if (jar == null) {
      return null;
    }
    Path file = jars.store(app.getName(), app.getIncarnation() + "-v" + app.getApplicationVersionId(), jar);
    return new StoredJar(file.toString(), JarCode.md5(jar), jar.length);
  }

  /** Submits the application's job with these Flink options; returns its job id. */
  String submit(ApplicationMetadata app, ApplicationConfig config, Map<String, String> options) throws Exception {
    if (config.isSql()) {
      return sql.submit(restUrl, config.sqlScript(), config.scriptVariables(), options);
    }
    Path jar = Path.of(app.getCodeFile());
    String mainClass = JarCode.mainClass(Files.readAllBytes(jar), config.propertyGroups());
    Map<String, String> jobOptions = new LinkedHashMap<>(options);
    jobOptions.put(KinesisAnalyticsRuntime.APPLICATION_PROPERTIES.key(),
        KinesisAnalyticsRuntime.encode(config.propertyGroups()));
    return jars.submit(jar, mainClass, jobOptions, config.parallelism());
  }

  /** Drops what is kept of a deleted application's code. */
  void forget(ApplicationMetadata app) {
    jars.deleteAll(app.getName(), app.getIncarnation());
  }
}
