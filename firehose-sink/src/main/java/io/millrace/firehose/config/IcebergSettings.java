package io.millrace.firehose.config;

import java.util.List;

/**
 * The Iceberg destination as the sink uses it: where the catalog and the files are, the tables records may go to
 * and the JSON fields that route them.
 */
public record IcebergSettings(
        String glueEndpoint,
        String catalogId,
        String warehouse,
        List<DestinationTable> tables,
        String databaseField,
        String tableField,
        String errorPrefix,
        String s3Endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        boolean pathStyleAccess) {

    /** One entry of DestinationTableConfigurationList. */
    public record DestinationTable(String database, String table, String errorPrefix) {}

    public IcebergSettings {
        tables = List.copyOf(tables);
    }

    /** Whether records name their table (routing by JSON fields) rather than all going to the one table. */
    public boolean routed() {
        return !databaseField.isEmpty() && !tableField.isEmpty();
    }
}
