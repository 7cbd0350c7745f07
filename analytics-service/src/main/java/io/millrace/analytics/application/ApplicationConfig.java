package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.Fields;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;

/**
 * The parts of an application's {@code ApplicationConfiguration} that decide how it runs, read and checked once
 * (at CreateApplication) with AWS's limits and defaults, then re-read from the stored JSON at every start.
 */
final class ApplicationConfig {

    static final String SQL_RUNTIME = "SQL-1_0";
    static final String PLAINTEXT = "PLAINTEXT";
    static final String ZIPFILE = "ZIPFILE";
    // AWS's limits (KinesisAnalytics_20180523 model): PropertyGroups max 50, PropertyMap 1..50 entries,
    // PropertyKey / PropertyValue 1..2048 characters, TextContent max 102400 characters.
    private static final int MAX_PROPERTY_GROUPS = 50;
    private static final int MAX_PROPERTIES = 50;
    private static final int MAX_PROPERTY_LENGTH = 2048;
    static final int MAX_TEXT_CONTENT = 102_400;
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_.-]+");
    // AWS's defaults for ConfigurationType DEFAULT: checkpoints every 60 s, 5 s apart at least, parallelism 1.
    private static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;
    private static final long DEFAULT_MIN_PAUSE_MS = 5_000;
    private static final int DEFAULT_PARALLELISM = 1;

    private final ObjectNode json;
    private final String runtimeEnvironment;

    private ApplicationConfig(ObjectNode json, String runtimeEnvironment) {
        this.json = json;
        this.runtimeEnvironment = runtimeEnvironment;
    }

    /** Reads and checks the configuration of a CreateApplication request (null: an empty one). */
    static ApplicationConfig parse(JsonNode configuration, String runtimeEnvironment) {
        return parse(configuration, runtimeEnvironment, false);
    }

    /** @param jarKept a jar of the application is kept already: ZIPFILE code may come without content */
    static ApplicationConfig parse(JsonNode configuration, String runtimeEnvironment, boolean jarKept) {
        ObjectNode json =
                configuration == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) configuration.deepCopy();
        ApplicationConfig config = new ApplicationConfig(json, runtimeEnvironment);
        config.check(jarKept);
        return config;
    }

    /** The stored form: already checked. */
    static ApplicationConfig stored(JsonNode configuration, String runtimeEnvironment) {
        return new ApplicationConfig((ObjectNode) configuration, runtimeEnvironment);
    }

    private void check(boolean jarKept) {
        for (String unsupported : new String[] {
            "VpcConfigurations", "ZeppelinApplicationConfiguration", "ApplicationEncryptionConfiguration"
        }) {
            if (json.hasNonNull(unsupported)) {
                throw ApplicationErrors.invalidArgument(unsupported + " is not supported by Millrace.");
            }
        }
        JsonNode sql = Fields.object(json, "SqlApplicationConfiguration");
        if (sql != null && sql.size() > 0) {
            throw ApplicationErrors.invalidArgument(
                    "SqlApplicationConfiguration (Inputs, Outputs, ReferenceDataSources of"
                            + " the legacy Kinesis Data Analytics SQL) is not supported: a SQL-1_0 application is a Flink SQL script in"
                            + " ApplicationCodeConfiguration.CodeContent.TextContent, declaring its streams with CREATE TABLE.");
        }
        checkCode(jarKept);
        propertyGroups();
        checkpointInterval();
        parallelism();
        Fields.object(json, "ApplicationSnapshotConfiguration");
        if (json.path("ApplicationSnapshotConfiguration").isObject()) {
            Fields.bool(json.get("ApplicationSnapshotConfiguration"), "SnapshotsEnabled");
        }
    }

    private void checkCode(boolean jarKept) {
        JsonNode code = Fields.object(json, "ApplicationCodeConfiguration");
        if (code == null) {
            return;
        }
        String type = Fields.text(code, "CodeContentType");
        if (type == null) {
            throw ApplicationErrors.invalidArgument(
                    "ApplicationCodeConfiguration.CodeContentType is required" + " (PLAINTEXT or ZIPFILE).");
        }
        if (!type.equals(PLAINTEXT) && !type.equals(ZIPFILE)) {
            throw ApplicationErrors.invalidArgument("CodeContentType must be PLAINTEXT or ZIPFILE, not " + type + ".");
        }
        JsonNode content = Fields.object(code, "CodeContent");
        String text = content == null ? null : Fields.text(content, "TextContent");
        boolean zip = content != null && content.hasNonNull("ZipFileContent");
        boolean s3 = content != null && Fields.object(content, "S3ContentLocation") != null;
        if (isSql()) {
            if (!type.equals(PLAINTEXT) || text == null || zip || s3) {
                throw ApplicationErrors.invalidArgument(
                        "A SQL-1_0 application takes its Flink SQL script as CodeContentType"
                                + " PLAINTEXT with CodeContent.TextContent.");
            }
        } else if (type.equals(PLAINTEXT)) {
            throw ApplicationErrors.invalidArgument(
                    "A " + runtimeEnvironment + " application takes a jar: CodeContentType"
                            + " ZIPFILE with CodeContent.ZipFileContent or CodeContent.S3ContentLocation.");
        } else if ((zip == s3 && !(jarKept && !zip)) || text != null) {
            throw ApplicationErrors.invalidArgument("ZIPFILE code needs exactly one of CodeContent.ZipFileContent and"
                    + " CodeContent.S3ContentLocation.");
        }
        if (text != null && text.length() > MAX_TEXT_CONTENT) {
            throw ApplicationErrors.invalidArgument("CodeContent.TextContent has " + text.length()
                    + " characters, more than the maximum of " + MAX_TEXT_CONTENT + ".");
        }
        if (s3) {
            JsonNode location = content.get("S3ContentLocation");
            String bucket = Fields.text(location, "BucketARN");
            String key = Fields.text(location, "FileKey");
            if (bucket == null || !bucket.startsWith("arn:") || key == null || key.isEmpty()) {
                throw ApplicationErrors.invalidArgument(
                        "S3ContentLocation needs a BucketARN (arn:aws:s3:::BUCKET) and a" + " FileKey.");
            }
        }
    }

    boolean isSql() {
        return SQL_RUNTIME.equals(runtimeEnvironment);
    }

    boolean hasCode() {
        return json.path("ApplicationCodeConfiguration").isObject();
    }

    String sqlScript() {
        return json.path("ApplicationCodeConfiguration")
                .path("CodeContent")
                .path("TextContent")
                .asText(null);
    }

    /** The jar's S3ContentLocation, or null. */
    JsonNode s3Location() {
        JsonNode location =
                json.path("ApplicationCodeConfiguration").path("CodeContent").path("S3ContentLocation");
        return location.isObject() ? location : null;
    }

    /** The jar of a ZIPFILE application, as sent (null once stored, or for other code). */
    byte[] zipFileContent() {
        JsonNode content = json.path("ApplicationCodeConfiguration").path("CodeContent");
        return content.isObject() ? Fields.blob(content, "ZipFileContent") : null;
    }

    /** The configuration as stored: the jar is kept as a file, not in the metadata record. */
    ObjectNode withoutZipFileContent() {
        ObjectNode stored = json.deepCopy();
        JsonNode content = stored.path("ApplicationCodeConfiguration").path("CodeContent");
        if (content.isObject()) {
            ((ObjectNode) content).remove("ZipFileContent");
        }
        return stored;
    }

    boolean snapshotsEnabled() {
        // Not given: disabled, as AWS's API does for an application created without the setting.
        return json.path("ApplicationSnapshotConfiguration")
                .path("SnapshotsEnabled")
                .asBoolean(false);
    }

    /** EnvironmentProperties.PropertyGroups as group id to properties, in request order. */
    Map<String, Map<String, String>> propertyGroups() {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        JsonNode environment = Fields.object(json, "EnvironmentProperties");
        if (environment == null) {
            return groups;
        }
        JsonNode list = Fields.array(environment, "PropertyGroups");
        if (list == null) {
            throw ApplicationErrors.invalidArgument("EnvironmentProperties.PropertyGroups is required.");
        }
        if (list.size() > MAX_PROPERTY_GROUPS) {
            throw ApplicationErrors.invalidArgument("EnvironmentProperties has " + list.size()
                    + " property groups, more than" + " the maximum of " + MAX_PROPERTY_GROUPS + ".");
        }
        for (JsonNode group : list) {
            String id = Fields.text(group, "PropertyGroupId");
            if (id == null || id.length() > 50 || !ID.matcher(id).matches()) {
                throw ApplicationErrors.invalidArgument(
                        "PropertyGroupId '" + id + "' must be 1 to 50 characters of" + " [a-zA-Z0-9_.-].");
            }
            JsonNode map = Fields.object(group, "PropertyMap");
            if (map == null || map.isEmpty() || map.size() > MAX_PROPERTIES) {
                throw ApplicationErrors.invalidArgument(
                        "PropertyMap of group " + id + " must have 1 to " + MAX_PROPERTIES + " properties.");
            }
            if (groups.containsKey(id)) {
                throw ApplicationErrors.invalidArgument("Property group " + id + " is given twice.");
            }
            Map<String, String> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String value = Fields.text(map, entry.getKey());
                if (entry.getKey().isEmpty()
                        || entry.getKey().length() > MAX_PROPERTY_LENGTH
                        || value == null
                        || value.isEmpty()
                        || value.length() > MAX_PROPERTY_LENGTH) {
                    throw ApplicationErrors.invalidArgument("Property '" + entry.getKey() + "' of group " + id
                            + ": keys and" + " values must have 1 to " + MAX_PROPERTY_LENGTH + " characters.");
                }
                properties.put(entry.getKey(), value);
            }
            groups.put(id, properties);
        }
        return groups;
    }

    /** Runtime properties as SQL script variables: {@code ${group.key}}. */
    Map<String, String> scriptVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        propertyGroups()
                .forEach((group, properties) ->
                        properties.forEach((key, value) -> variables.put(group + "." + key, value)));
        return variables;
    }

    private JsonNode flink() {
        return json.path("FlinkApplicationConfiguration");
    }

    private static boolean custom(JsonNode node) {
        return "CUSTOM".equals(node.path("ConfigurationType").asText("DEFAULT"));
    }

    /** The checkpoint interval in ms, or 0 when checkpointing is off. */
    long checkpointInterval() {
        JsonNode checkpoint = flink().path("CheckpointConfiguration");
        if (!custom(checkpoint)) {
            return DEFAULT_CHECKPOINT_INTERVAL_MS;
        }
        if (!checkpoint.path("CheckpointingEnabled").asBoolean(true)) {
            return 0;
        }
        long interval = checkpoint.path("CheckpointInterval").asLong(DEFAULT_CHECKPOINT_INTERVAL_MS);
        if (interval < 1) {
            throw ApplicationErrors.invalidArgument("CheckpointInterval must be at least 1 ms.");
        }
        return interval;
    }

    private long minPauseBetweenCheckpoints() {
        JsonNode checkpoint = flink().path("CheckpointConfiguration");
        return custom(checkpoint)
                ? checkpoint.path("MinPauseBetweenCheckpoints").asLong(DEFAULT_MIN_PAUSE_MS)
                : DEFAULT_MIN_PAUSE_MS;
    }

    int parallelism() {
        JsonNode parallelism = flink().path("ParallelismConfiguration");
        if (!custom(parallelism)) {
            return DEFAULT_PARALLELISM;
        }
        int value = parallelism.path("Parallelism").asInt(DEFAULT_PARALLELISM);
        if (value < 1) {
            throw ApplicationErrors.invalidArgument("Parallelism must be at least 1.");
        }
        return value;
    }

    /** Flink options of the application's job (without the savepoint to restore). */
    Map<String, String> flinkConfiguration(String applicationName) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(PipelineOptions.NAME.key(), applicationName);
        options.put(CoreOptions.DEFAULT_PARALLELISM.key(), Integer.toString(parallelism()));
        long interval = checkpointInterval();
        if (interval > 0) {
            options.put(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL.key(),
                    Duration.ofMillis(interval).toMillis() + " ms");
            options.put(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS.key(), minPauseBetweenCheckpoints() + " ms");
        }
        return options;
    }

    ObjectNode json() {
        return json;
    }
}
