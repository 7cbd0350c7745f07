package io.millrace.firehose.glue;

import io.millrace.gateway.protocol.ActionRegistry;

/**
 * The AWS Glue Data Catalog subset that Firehose format conversion reads its schema from ({@code AWSGlue}, JSON
 * 1.1, signing name {@code glue}): databases and tables with their columns.
 */
final class GlueApi {

    static final String TARGET_PREFIX = "AWSGlue";

    private GlueApi() {}

    static ActionRegistry actions(GlueDatabaseActions databases, GlueTableActions tables) {
        // Reads answer from this gateway's view of the catalog, writes hand their record to Kafka: none blocks.
        return ActionRegistry.forService(TARGET_PREFIX, "glue")
                .access(new GlueAccess())
                .startOnIoThread("CreateDatabase", databases::create)
                .startOnIoThread("GetDatabase", databases::get)
                .startOnIoThread("GetDatabases", databases::list)
                .startOnIoThread("DeleteDatabase", databases::delete)
                .startOnIoThread("CreateTable", tables::create)
                .startOnIoThread("GetTable", tables::get)
                .startOnIoThread("GetTables", tables::list)
                .startOnIoThread("UpdateTable", tables::update)
                .startOnIoThread("DeleteTable", tables::delete)
                .build();
    }
}
