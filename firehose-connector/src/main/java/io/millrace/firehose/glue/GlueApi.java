package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The AWS Glue Data Catalog subset that Firehose format conversion reads its schema from ({@code AWSGlue}, JSON
 * 1.1, signing name {@code glue}): databases and tables with their columns.
 */
final class GlueApi implements AwsService {

    static final String TARGET_PREFIX = "AWSGlue";

    private final GlueDatabaseActions databases;
    private final GlueTableActions tables;

    GlueApi(GlueDatabaseActions databases, GlueTableActions tables) {
        this.databases = databases;
        this.tables = tables;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public CompletionStage<JsonNode> handle(AwsRequest request) {
        try {
            return switch (request.action()) {
                case "CreateDatabase" -> databases.create(request);
                case "GetDatabase" -> databases.get(request);
                case "GetDatabases" -> databases.list(request);
                case "DeleteDatabase" -> databases.delete(request);
                case "CreateTable" -> tables.create(request);
                case "GetTable" -> tables.get(request);
                case "GetTables" -> tables.list(request);
                case "UpdateTable" -> tables.update(request);
                case "DeleteTable" -> tables.delete(request);
                default -> throw ApiException.unknownOperation("Unknown operation " + TARGET_PREFIX + "."
                        + request.action() + ".");
            };
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
