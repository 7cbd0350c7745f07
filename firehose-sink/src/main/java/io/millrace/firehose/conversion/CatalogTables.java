package io.millrace.firehose.conversion;

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
}
