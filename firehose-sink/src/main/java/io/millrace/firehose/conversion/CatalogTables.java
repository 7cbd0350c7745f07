package io.millrace.firehose.conversion;

import java.util.List;
import java.util.Optional;

/** Where CreateDeliveryStream finds the table of SchemaConfiguration: the Glue Data Catalog the gateway serves. */
public interface CatalogTables {

    /** A table's row type as of one version. */
    record Table(String catalogId, String versionId, HiveType rowType) {}

    /**
     * @param catalogId null for the caller's own catalog
     * @param versionId null or {@code LATEST} for the current version
     * @return empty when the database, the table or that version does not exist
     * @throws IllegalArgumentException when a column's type cannot be converted
     */
    Optional<Table> table(String catalogId, String database, String table, String versionId);

    /**
     * The names of a table's PartitionKeys, in its order (empty for an unpartitioned table), for the registration of
     * the partitions dynamic partitioning writes.
     *
     * @return empty when the database or the table does not exist, or this catalog cannot tell
     */
    default Optional<List<String>> partitionKeys(String catalogId, String database, String table) {
        return Optional.empty();
    }
}
