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
        boolean pathStyleAccess,
        Writes writes) {

    /**
     * One entry of DestinationTableConfigurationList: UniqueKeys are the columns updates and deletes match rows by,
     * partitionColumns the PartitionSpec's identity columns of a table the sink creates.
     */
    public record DestinationTable(
            String database, String table, String errorPrefix, List<String> uniqueKeys, List<String> partitionColumns) {

        public DestinationTable {
            uniqueKeys = List.copyOf(uniqueKeys);
            partitionColumns = List.copyOf(partitionColumns);
        }

        public DestinationTable(String database, String table, String errorPrefix) {
            this(database, table, errorPrefix, List.of(), List.of());
        }
    }

    /**
     * How records change their tables: the JSON field naming a record's operation (empty: none), the operation of
     * records that name none, whether missing tables are created and new fields added as columns.
     */
    public record Writes(String operationField, String defaultOperation, boolean createTables, boolean evolveSchema) {
        public static final Writes APPEND = new Writes("", "insert", false, false);
    }

    public IcebergSettings {
        tables = List.copyOf(tables);
    }

    /** Whether records name their table (routing by JSON fields) rather than all going to the one table. */
    public boolean routed() {
        return !databaseField.isEmpty() && !tableField.isEmpty();
    }
}
