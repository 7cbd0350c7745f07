package io.millrace.firehose.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * The Iceberg destination's keys ({@link IcebergKeys}) of a {@link FirehoseSinkConfig}, read into the
 * {@link IcebergSettings} its task delivers with: the tables' JSON list (DestinationTableConfigurationList) parsed.
 */
final class IcebergConfig {

    private IcebergConfig() {}

    /** The Iceberg destination, or null when the destination is another. */
    static IcebergSettings read(FirehoseSinkConfig c) {
        if (!c.icebergDestination()) {
            return null;
        }
        String json = c.getString(IcebergKeys.TABLES);
        List<IcebergSettings.DestinationTable> tables = new ArrayList<>();
        try {
            JsonNode list = new ObjectMapper().readTree(json);
            if (!list.isArray()) {
                throw new ConfigException(IcebergKeys.TABLES, json, "must be a JSON array");
            }
            for (JsonNode t : list) {
                String database = t.path("DestinationDatabaseName").asText("");
                String table = t.path("DestinationTableName").asText("");
                if (database.isEmpty() || table.isEmpty()) {
                    throw new ConfigException(
                            IcebergKeys.TABLES,
                            json,
                            "each entry needs DestinationDatabaseName and DestinationTableName");
                }
                List<String> keys = new ArrayList<>();
                t.path("UniqueKeys").forEach(k -> keys.add(k.asText()));
                List<String> partitions = new ArrayList<>();
                t.path("PartitionSpec")
                        .path("Identity")
                        .forEach(f -> partitions.add(f.path("SourceName").asText()));
                tables.add(new IcebergSettings.DestinationTable(
                        database, table, t.path("S3ErrorOutputPrefix").asText(""), keys, partitions));
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(IcebergKeys.TABLES, json, "not JSON: " + e.getOriginalMessage());
        }
        return new IcebergSettings(
                c.getString(IcebergKeys.GLUE_ENDPOINT),
                c.getString(IcebergKeys.CATALOG_ID),
                c.getString(IcebergKeys.WAREHOUSE),
                tables,
                c.getString(IcebergKeys.DATABASE_FIELD),
                c.getString(IcebergKeys.TABLE_FIELD),
                c.getString(IcebergKeys.ERROR_PREFIX),
                c.s3Endpoint(),
                c.s3Region(),
                c.accessKeyId(),
                c.secretAccessKey(),
                c.pathStyleAccess(),
                new IcebergSettings.Writes(
                        c.getString(IcebergKeys.OPERATION_FIELD),
                        c.getString(IcebergKeys.OPERATION),
                        c.getBoolean(IcebergKeys.TABLE_CREATION),
                        c.getBoolean(IcebergKeys.SCHEMA_EVOLUTION)));
    }
}
