package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** CreateTable, GetTable, GetTables, UpdateTable, DeleteTable, BatchDeleteTable. */
final class GlueTableActions {

    private final GlueCatalogStore store;

    GlueTableActions(GlueCatalogStore store) {
        this.store = store;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String database = database(body);
        ObjectNode table = tableInput(body, request);
        String name = table.path("Name").asText();
        long now = System.currentTimeMillis();
        table.put("CreateTime", now);
        table.put("UpdateTime", now);
        table.put("VersionId", "0"); // AWS numbers a new table version 0, and each update adds one
        String key = GlueEntityFormat.tableKey(database, name);
        return store.sync()
                .thenCompose(ignored -> {
                    requireDatabase(database);
                    if (store.get(key).isPresent()) {
                        throw GlueErrors.alreadyExists("Table already exists.");
                    }
                    return store.write(key, null, table);
                })
                .thenApply(won -> {
                    if (!won) {
                        throw GlueErrors.alreadyExists("Table already exists.");
                    }
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        JsonNode body = request.body();
        String database = database(body);
        String name = tableName(body, "name");
        return store.sync().thenApply(ignored -> {
            ObjectNode response = WireCodec.object();
            response.set("Table", GlueShapes.wire(require(database, name)));
            return response;
        });
    }

    CompletionStage<JsonNode> list(AwsRequest request) {
        JsonNode body = request.body();
        String database = database(body);
        Integer max = Fields.integer(body, "MaxResults");
        String expression = Fields.text(body, "Expression");
        String token = Fields.text(body, "NextToken");
        // CatalogGetterPageSize: 1 to 100; FilterString: at most 2048 characters.
        GlueShapes.throwIfInvalid(
                new Validation().range("maxResults", max, 1, 100).length("expression", expression, 0, 2048));
        Pattern filter = filter(expression);
        int limit = max == null ? 100 : max;
        String after = token == null ? null : GlueShapes.untoken(token);
        return store.sync().thenApply(ignored -> {
            requireDatabase(database);
            ArrayNode list = WireCodec.object().arrayNode();
            String last = null;
            boolean more = false;
            for (ObjectNode table : new ArrayList<>(store.withPrefix(GlueEntityFormat.tablePrefix(database)))) {
                String name = table.path("Name").asText();
                if ((after != null && name.compareTo(after) <= 0)
                        || (filter != null && !filter.matcher(name).matches())) {
                    continue;
                }
                if (list.size() == limit) {
                    more = true;
                    break;
                }
                list.add(GlueShapes.wire(table));
                last = name;
            }
            ObjectNode response = WireCodec.object();
            response.set("TableList", list);
            if (more) {
                response.put("NextToken", GlueShapes.token(last));
            }
            return response;
        });
    }

    /** Replaces the table's definition; VersionId, when given, must be the current one. */
    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String database = database(body);
        ObjectNode table = tableInput(body, request);
        String expectedVersion = Fields.text(body, "VersionId");
        boolean skipArchive = Boolean.TRUE.equals(Fields.bool(body, "SkipArchive"));
        GlueShapes.throwIfInvalid(new Validation().length("versionId", expectedVersion, 1, 255));
        String name = table.path("Name").asText();
        String key = GlueEntityFormat.tableKey(database, name);
        return store.sync()
                .thenCompose(ignored -> {
                    ObjectNode current = require(database, name);
                    String version = current.path("VersionId").asText("1");
                    if (expectedVersion != null && !expectedVersion.equals(version)) {
                        throw GlueErrors.concurrentModification(
                                "Table " + name + " is at version " + version + ", not " + expectedVersion + ".");
                    }
                    table.set("CreateTime", current.get("CreateTime"));
                    table.put("UpdateTime", System.currentTimeMillis());
                    table.put("VersionId", Long.toString(Long.parseLong(version) + 1));
                    return store.write(key, current, table).thenCompose(won -> {
                        if (!won) {
                            throw GlueErrors.concurrentModification("Table " + name + " was updated concurrently.");
                        }
                        return skipArchive ? CompletableFuture.completedFuture(true) : archive(database, current);
                    });
                })
                .thenApply(ignored -> WireCodec.object());
    }

    /**
     * Keeps the version an update replaced, for GetTableVersion(s). Written once the update won: a lost update
     * archives nothing. A second write of the same version (a retried archive) loses harmlessly.
     */
    private CompletableFuture<Boolean> archive(String database, ObjectNode replaced) {
        ObjectNode archived = replaced.deepCopy();
        return store.write(
                GlueEntityFormat.tableVersionKey(
                        database,
                        replaced.path("Name").asText(),
                        Long.parseLong(replaced.path("VersionId").asText("0"))),
                null,
                archived);
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        JsonNode body = request.body();
        String database = database(body);
        String name = tableName(body, "name");
        return store.sync().thenCompose(ignored -> deleteOne(database, name)).thenApply(ignored -> WireCodec.object());
    }

    /** BatchDeleteTableNameList: at most 100 tables; a table that is not there is an entry of Errors. */
    CompletionStage<JsonNode> batchDelete(AwsRequest request) {
        JsonNode body = request.body();
        String database = database(body);
        JsonNode names = Fields.array(body, "TablesToDelete");
        GlueShapes.throwIfInvalid(new Validation()
                .required("tablesToDelete", names)
                .size("tablesToDelete", names == null ? 0 : names.size(), 0, 100, names));
        List<String> tables = new ArrayList<>();
        for (JsonNode name : names) {
            String table = name.asText();
            GlueShapes.throwIfInvalid(GlueShapes.name(new Validation(), "tablesToDelete.member", table));
            tables.add(table);
        }
        return store.sync().thenCompose(ignored -> {
            requireDatabase(database);
            return GlueBatch.errors(tables, table -> deleteOne(database, GlueShapes.folded(table)), (table, e) -> {
                ObjectNode entry = WireCodec.object();
                entry.put("TableName", table);
                entry.set("ErrorDetail", GlueErrors.detail(e));
                return entry;
            });
        });
    }

    /** Removes the table after what hangs off it (versions, partitions, statistics, tags). */
    private CompletableFuture<Void> deleteOne(String database, String name) {
        require(database, name);
        return store.removeTableChildren(database, name)
                .thenCompose(ignored -> store.remove(GlueEntityFormat.tableKey(database, name)));
    }

    private ObjectNode tableInput(JsonNode body, AwsRequest request) {
        JsonNode input = Fields.object(body, "TableInput");
        GlueShapes.throwIfInvalid(new Validation().required("tableInput", input));
        String name = tableName(input, "tableInput.name");
        JsonNode descriptor = Fields.object(input, "StorageDescriptor");
        Validation v = new Validation().length("tableInput.description", Fields.text(input, "Description"), 0, 2048);
        JsonNode columns = descriptor == null ? null : Fields.array(descriptor, "Columns");
        if (columns != null) {
            for (JsonNode column : columns) {
                String columnName = Fields.text(column, "Name");
                String path = "tableInput.storageDescriptor.columns.member.name";
                GlueShapes.name(v.required(path, columnName), path, columnName)
                        .length(
                                "tableInput.storageDescriptor.columns.member.type",
                                Fields.text(column, "Type"),
                                0,
                                131_072);
            }
        }
        GlueShapes.throwIfInvalid(v);
        ObjectNode table = ((ObjectNode) input).deepCopy();
        table.put("Name", name);
        table.put("DatabaseName", database(body));
        table.put(
                "CatalogId",
                Fields.text(body, "CatalogId") != null ? Fields.text(body, "CatalogId") : request.accountId());
        table.put("IsRegisteredWithLakeFormation", false);
        GlueShapes.storeTimes(table);
        return table;
    }

    private static String database(JsonNode body) {
        String database = Fields.text(body, "DatabaseName");
        GlueShapes.throwIfInvalid(GlueShapes.name(
                GlueShapes.name(new Validation().required("databaseName", database), "databaseName", database),
                "catalogId",
                Fields.text(body, "CatalogId")));
        return GlueShapes.folded(database);
    }

    private static String tableName(JsonNode node, String path) {
        String name = Fields.text(node, "Name");
        GlueShapes.throwIfInvalid(GlueShapes.name(new Validation().required(path, name), path, name));
        return GlueShapes.folded(name);
    }

    /** Expression: a regular expression the whole table name must match (Glue's GetTables filter). */
    private static Pattern filter(String expression) {
        if (expression == null || expression.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(expression, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw GlueErrors.invalidInput(
                    "Expression " + expression + " is not a valid pattern: " + e.getDescription());
        }
    }

    private void requireDatabase(String database) {
        if (store.get(GlueEntityFormat.databaseKey(database)).isEmpty()) {
            throw GlueErrors.entityNotFound("Database " + database + " not found.");
        }
    }

    private ObjectNode require(String database, String name) {
        requireDatabase(database);
        return store.get(GlueEntityFormat.tableKey(database, name))
                .orElseThrow(() -> GlueErrors.entityNotFound("Table " + name + " not found."));
    }
}
