package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.schemas.analytics.ApplicationMetadata;
import io.millrace.schemas.analytics.ApplicationSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** ApplicationDetail, ApplicationSummary and SnapshotDetails as KinesisAnalytics_20180523 shows them. */
final class ApplicationShapes {

    static final ObjectMapper JSON = new ObjectMapper();

    private ApplicationShapes() {}

    static JsonNode configuration(ApplicationMetadata application) {
        try {
            return JSON.readTree(application.getConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode detail(ApplicationMetadata application) {
        ObjectNode d = JSON.createObjectNode();
        d.put("ApplicationARN", application.getArn());
        if (application.getDescription() != null) {
            d.put("ApplicationDescription", application.getDescription());
        }
        d.put("ApplicationName", application.getName());
        d.put("RuntimeEnvironment", application.getRuntimeEnvironment());
        d.put("ServiceExecutionRole", application.getServiceExecutionRole());
        d.put("ApplicationStatus", application.getStatus());
        d.put("ApplicationVersionId", application.getApplicationVersionId());
        d.putPOJO("CreateTimestamp", Instant.ofEpochMilli(application.getCreatedAtMillis()));
        d.putPOJO("LastUpdateTimestamp", Instant.ofEpochMilli(application.getUpdatedAtMillis()));
        d.set("ApplicationConfigurationDescription", configurationDescription(application));
        d.put("ApplicationMode", application.getApplicationMode());
        return d;
    }

    private static ObjectNode configurationDescription(ApplicationMetadata application) {
        JsonNode stored = configuration(application);
        ApplicationConfig config = ApplicationConfig.stored(stored, application.getRuntimeEnvironment());
        ObjectNode c = JSON.createObjectNode();
        JsonNode code = stored.path("ApplicationCodeConfiguration");
        if (code.isObject()) {
            ObjectNode codeDescription = c.putObject("ApplicationCodeConfigurationDescription");
            codeDescription.put("CodeContentType", code.path("CodeContentType").asText());
            ObjectNode content = codeDescription.putObject("CodeContentDescription");
            JsonNode given = code.path("CodeContent");
            if (given.hasNonNull("TextContent")) {
                content.put("TextContent", given.get("TextContent").asText());
            }
            if (application.getCodeMd5() != null) {
                content.put("CodeMD5", application.getCodeMd5());
                content.put("CodeSize", application.getCodeSize());
            }
            if (given.path("S3ContentLocation").isObject()) {
                content.set(
                        "S3ApplicationCodeLocationDescription",
                        given.get("S3ContentLocation").deepCopy());
            }
        }
        ObjectNode run = c.putObject("RunConfigurationDescription");
        ObjectNode restore = run.putObject("ApplicationRestoreConfigurationDescription");
        restore.put("ApplicationRestoreType", application.getRestoreType());
        if (application.getRestoreSnapshotName() != null) {
            restore.put("SnapshotName", application.getRestoreSnapshotName());
        }
        run.putObject("FlinkRunConfigurationDescription").put("AllowNonRestoredState", false);

        ObjectNode flink = c.putObject("FlinkApplicationConfigurationDescription");
        JsonNode flinkGiven = stored.path("FlinkApplicationConfiguration");
        ObjectNode checkpoint = flink.putObject("CheckpointConfigurationDescription");
        long interval = config.checkpointInterval();
        checkpoint.put(
                "ConfigurationType",
                flinkGiven
                        .path("CheckpointConfiguration")
                        .path("ConfigurationType")
                        .asText("DEFAULT"));
        checkpoint.put("CheckpointingEnabled", interval > 0);
        if (interval > 0) {
            checkpoint.put("CheckpointInterval", interval);
            checkpoint.put(
                    "MinPauseBetweenCheckpoints",
                    flinkGiven
                            .path("CheckpointConfiguration")
                            .path("MinPauseBetweenCheckpoints")
                            .asLong(5000));
        }
        ObjectNode monitoring = flink.putObject("MonitoringConfigurationDescription");
        JsonNode monitoringGiven = flinkGiven.path("MonitoringConfiguration");
        monitoring.put(
                "ConfigurationType", monitoringGiven.path("ConfigurationType").asText("DEFAULT"));
        monitoring.put("MetricsLevel", monitoringGiven.path("MetricsLevel").asText("APPLICATION"));
        monitoring.put("LogLevel", monitoringGiven.path("LogLevel").asText("INFO"));
        ObjectNode parallelism = flink.putObject("ParallelismConfigurationDescription");
        parallelism.put(
                "ConfigurationType",
                flinkGiven
                        .path("ParallelismConfiguration")
                        .path("ConfigurationType")
                        .asText("DEFAULT"));
        parallelism.put("Parallelism", config.parallelism());
        parallelism.put("ParallelismPerKPU", 1);
        parallelism.put("CurrentParallelism", config.parallelism());
        parallelism.put("AutoScalingEnabled", false);
        if (application.getJobId() != null) {
            flink.put("JobPlanDescription", "Flink job " + application.getJobId());
        }

        ObjectNode properties = c.putObject("EnvironmentPropertyDescriptions");
        properties.set(
                "PropertyGroupDescriptions",
                stored.path("EnvironmentProperties").path("PropertyGroups").isArray()
                        ? stored.get("EnvironmentProperties")
                                .get("PropertyGroups")
                                .deepCopy()
                        : JSON.createArrayNode());
        c.putObject("ApplicationSnapshotConfigurationDescription").put("SnapshotsEnabled", config.snapshotsEnabled());
        return c;
    }

    static ObjectNode summary(ApplicationMetadata application) {
        ObjectNode s = JSON.createObjectNode();
        s.put("ApplicationName", application.getName());
        s.put("ApplicationARN", application.getArn());
        s.put("ApplicationStatus", application.getStatus());
        s.put("ApplicationVersionId", application.getApplicationVersionId());
        s.put("RuntimeEnvironment", application.getRuntimeEnvironment());
        s.put("ApplicationMode", application.getApplicationMode());
        return s;
    }

    static ObjectNode snapshot(ApplicationSnapshot snapshot) {
        ObjectNode s = JSON.createObjectNode();
        s.put("SnapshotName", snapshot.getName());
        s.put("SnapshotStatus", snapshot.getStatus());
        s.put("ApplicationVersionId", snapshot.getApplicationVersionId());
        s.putPOJO("SnapshotCreationTimestamp", Instant.ofEpochMilli(snapshot.getCreatedAtMillis()));
        s.put("RuntimeEnvironment", snapshot.getRuntimeEnvironment());
        return s;
    }
}
