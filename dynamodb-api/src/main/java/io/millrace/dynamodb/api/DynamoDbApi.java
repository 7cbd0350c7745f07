package io.millrace.dynamodb.api;

import io.millrace.dynamodb.store.ItemStore;
import io.millrace.dynamodb.store.TableStore;
import io.millrace.gateway.protocol.ActionRegistry;
import java.util.List;
import java.util.concurrent.Executor;

/** The DynamoDB API ({@code DynamoDB_20120810}, JSON 1.0, signing name {@code dynamodb}) on the gateway. */
public final class DynamoDbApi {

    public static final String TARGET_PREFIX = "DynamoDB_20120810";

    /** Actions of the API that this endpoint does not serve (yet): refused with a message that says so. */
    private static final List<String> UNSUPPORTED = List.of(
            "TransactGetItems",
            "TransactWriteItems",
            "ExecuteStatement",
            "BatchExecuteStatement",
            "ExecuteTransaction",
            "CreateBackup",
            "DeleteBackup",
            "DescribeBackup",
            "ListBackups",
            "RestoreTableFromBackup",
            "RestoreTableToPointInTime",
            "CreateGlobalTable",
            "DescribeGlobalTable",
            "ListGlobalTables",
            "UpdateGlobalTable",
            "DescribeKinesisStreamingDestination",
            "EnableKinesisStreamingDestination",
            "DisableKinesisStreamingDestination",
            "ExportTableToPointInTime",
            "ImportTable",
            "DescribeExport",
            "DescribeImport",
            "ListExports",
            "ListImports",
            "DescribeContributorInsights",
            "UpdateContributorInsights",
            "ListContributorInsights",
            "GetResourcePolicy",
            "PutResourcePolicy",
            "DeleteResourcePolicy",
            "DescribeEndpoints",
            "DescribeTableReplicaAutoScaling",
            "UpdateTableReplicaAutoScaling",
            "DescribeGlobalTableSettings",
            "UpdateGlobalTableSettings",
            "UpdateKinesisStreamingDestination");

    private DynamoDbApi() {}

    /**
     * Every action answers from this gateway's view or waits on the log without blocking; Query, Scan and the
     * batches go through many items and run on {@code readers}, off the I/O threads.
     */
    public static ActionRegistry actions(TableStore tableStore, ItemStore items, Executor readers) {
        Tables tables = new Tables(tableStore);
        TableActions tableActions = new TableActions(tables, items);
        ItemActions itemActions = new ItemActions(tables, items);
        QueryActions queries = new QueryActions(tables, items);
        BatchActions batches = new BatchActions(tables, items, itemActions);
        return ActionRegistry.forService(TARGET_PREFIX, "dynamodb")
                .access(new DynamoDbAccess())
                .startOnIoThread("CreateTable", tableActions::create)
                .startOnIoThread("DescribeTable", tableActions::describe)
                .startOnIoThread("UpdateTable", tableActions::update)
                .startOnIoThread("DeleteTable", tableActions::delete)
                .onIoThread("ListTables", tableActions::list)
                .onIoThread("DescribeLimits", tableActions::describeLimits)
                .startOnIoThread("DescribeTimeToLive", tableActions::describeTimeToLive)
                .startOnIoThread("UpdateTimeToLive", tableActions::updateTimeToLive)
                .startOnIoThread("DescribeContinuousBackups", tableActions::describeContinuousBackups)
                .startOnIoThread("UpdateContinuousBackups", tableActions::updateContinuousBackups)
                .startOnIoThread("TagResource", tableActions::tagResource)
                .startOnIoThread("UntagResource", tableActions::untagResource)
                .startOnIoThread("ListTagsOfResource", tableActions::listTagsOfResource)
                .startOnIoThread("GetItem", itemActions::get)
                .startOnIoThread("PutItem", itemActions::put)
                .startOnIoThread("UpdateItem", itemActions::update)
                .startOnIoThread("DeleteItem", itemActions::delete)
                .startOn(readers, "Query", queries::query)
                .startOn(readers, "Scan", queries::scan)
                .startOn(readers, "BatchGetItem", batches::get)
                .startOn(readers, "BatchWriteItem", batches::write)
                .unsupported(UNSUPPORTED)
                .build();
    }
}
