package io.millrace.firehose.glue;

import io.millrace.gateway.protocol.ActionRegistry;

/**
 * The AWS Glue Data Catalog subset ({@code AWSGlue}, JSON 1.1, signing name {@code glue}) that Firehose format
 * conversion reads its schemas from and that Iceberg's GlueCatalog and Hive-style partitioned tables use:
 * databases, tables and their versions, partitions, column statistics, tags.
 */
final class GlueApi {

    static final String TARGET_PREFIX = "AWSGlue";

    private GlueApi() {}

    static ActionRegistry actions(GlueCatalogStore store) {
        GlueDatabaseActions databases = new GlueDatabaseActions(store);
        GlueTableActions tables = new GlueTableActions(store);
        GlueTableVersionActions versions = new GlueTableVersionActions(store);
        GlueTableSearch search = new GlueTableSearch(store);
        GluePartitionActions partitions = new GluePartitionActions(store);
        GluePartitionBatchActions batches = new GluePartitionBatchActions(store, partitions);
        GlueColumnStatisticsActions statistics = new GlueColumnStatisticsActions(store);
        GlueTagActions tags = new GlueTagActions(store);
        // Reads answer from this gateway's view of the catalog, writes hand their record to Kafka: none blocks.
        return ActionRegistry.forService(TARGET_PREFIX, "glue")
                .access(new GlueAccess())
                .startOnIoThread("CreateDatabase", databases::create)
                .startOnIoThread("GetDatabase", databases::get)
                .startOnIoThread("GetDatabases", databases::list)
                .startOnIoThread("UpdateDatabase", databases::update)
                .startOnIoThread("DeleteDatabase", databases::delete)
                .startOnIoThread("CreateTable", tables::create)
                .startOnIoThread("GetTable", tables::get)
                .startOnIoThread("GetTables", tables::list)
                .startOnIoThread("UpdateTable", tables::update)
                .startOnIoThread("DeleteTable", tables::delete)
                .startOnIoThread("BatchDeleteTable", tables::batchDelete)
                .startOnIoThread("SearchTables", search::search)
                .startOnIoThread("GetTableVersion", versions::get)
                .startOnIoThread("GetTableVersions", versions::list)
                .startOnIoThread("DeleteTableVersion", versions::delete)
                .startOnIoThread("BatchDeleteTableVersion", versions::batchDelete)
                .startOnIoThread("CreatePartition", partitions::create)
                .startOnIoThread("GetPartition", partitions::get)
                .startOnIoThread("GetPartitions", partitions::list)
                .startOnIoThread("UpdatePartition", partitions::update)
                .startOnIoThread("DeletePartition", partitions::delete)
                .startOnIoThread("BatchCreatePartition", batches::create)
                .startOnIoThread("BatchGetPartition", batches::get)
                .startOnIoThread("BatchUpdatePartition", batches::update)
                .startOnIoThread("BatchDeletePartition", batches::delete)
                .startOnIoThread("UpdateColumnStatisticsForTable", statistics::updateForTable)
                .startOnIoThread("GetColumnStatisticsForTable", statistics::getForTable)
                .startOnIoThread("DeleteColumnStatisticsForTable", statistics::deleteForTable)
                .startOnIoThread("UpdateColumnStatisticsForPartition", statistics::updateForPartition)
                .startOnIoThread("GetColumnStatisticsForPartition", statistics::getForPartition)
                .startOnIoThread("DeleteColumnStatisticsForPartition", statistics::deleteForPartition)
                .startOnIoThread("TagResource", tags::tag)
                .startOnIoThread("UntagResource", tags::untag)
                .startOnIoThread("GetTags", tags::get)
                .build();
    }
}
