package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks, keeps and runs an application's code: a Flink SQL script ({@link SqlCode}) or a jar ({@link JarCode})
 * sent as ZipFileContent or read from S3 ({@link S3Code}).
 */
final class ApplicationCode {

    /** Where a jar was kept: what the metadata records of it. */
    record StoredJar(String file, String md5, long size) {}

    private final SqlCode sql;
    private final JarCode jars;
    private final S3Code s3;
    private final URI restUrl;

    ApplicationCode(SqlCode sql, JarCode jars, S3Code s3, URI restUrl) {
        this.sql = sql;
        this.jars = jars;
        this.s3 = s3;
        this.restUrl = restUrl;
    }

    /**
     * Throws CodeValidationException when the code cannot run; returns the jar to keep when new code came with the
     * request (ZipFileContent, or S3ContentLocation, read now), null otherwise.
     *
     * @param keptJar  the jar kept so far, which ZIPFILE code without new content goes on running
     * @param newCode  whether the request gave code (an update without a code update keeps the kept jar)
     */
    byte[] validate(ApplicationConfig config, String keptJar, boolean newCode) {
        if (!config.hasCode()) {
            return null;
        }
        if (config.isSql()) {
            sql.validate(config.sqlScript(), config.scriptVariables());
            return null;
        }
        byte[] fresh = null;
        if (newCode) {
            fresh = config.zipFileContent();
            JsonNode location = config.s3Location();
            if (fresh == null && location != null) {
                fresh = s3.read(
                        location.path("BucketARN").asText(),
                        location.path("FileKey").asText(),
                        location.path("ObjectVersion").asText(null));
            }
        }
        byte[] jar = fresh;
        if (jar == null && keptJar != null) {
            try {
                jar = Files.readAllBytes(Path.of(keptJar));
            } catch (IOException e) {
                throw ApplicationErrors.codeValidation(
                        "The application's jar is gone (" + keptJar + "): send it again.");
            }
        }
        JarCode.mainClass(jar, config.propertyGroups());
        return fresh;
    }

    /** Keeps a validated jar for the application's current version. */
    StoredJar store(ApplicationMetadata app, byte[] jar) throws IOException {
        Path file = jars.store(app.getName(), app.getIncarnation() + "-v" + app.getApplicationVersionId(), jar);
        return new StoredJar(file.toString(), JarCode.md5(jar), jar.length);
    }

    /** The streams the job of a SQL application reads; none known for a jar, whose {@code main} builds its job. */
    Set<String> scannedStreams(ApplicationConfig config) throws Exception {
        return config.isSql() ? sql.scannedStreams(config.sqlScript(), config.scriptVariables()) : Set.of();
    }

    /** Submits the application's job with these Flink options; returns its job id. */
    String submit(ApplicationMetadata app, ApplicationConfig config, Map<String, String> options) throws Exception {
        if (config.isSql()) {
            return sql.submit(restUrl, config.sqlScript(), config.scriptVariables(), options);
        }
        Path jar = Path.of(app.getCodeFile());
        String mainClass = JarCode.mainClass(Files.readAllBytes(jar), config.propertyGroups());
        Map<String, String> jobOptions = new LinkedHashMap<>(options);
        jobOptions.put(
                KinesisAnalyticsRuntime.APPLICATION_PROPERTIES.key(),
                KinesisAnalyticsRuntime.encode(config.propertyGroups()));
        return jars.submit(jar, mainClass, jobOptions, config.parallelism());
    }

    /** Drops what is kept of a deleted application's code. */
    void forget(ApplicationMetadata app) {
        jars.deleteAll(app.getName(), app.getIncarnation());
    }
}
