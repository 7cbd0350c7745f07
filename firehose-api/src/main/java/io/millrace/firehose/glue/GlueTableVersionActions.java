package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * GetTableVersion, GetTableVersions, DeleteTableVersion, BatchDeleteTableVersion. A table's versions are its
 * current definition and the ones UpdateTable archived (each update archives the version it replaces unless
 * SkipArchive is true, as Glue's UpdateTable reference says).
 */
final class GlueTableVersionActions {

    private final GlueCatalogStore store;

    GlueTableVersionActions(GlueCatalogStore store) {
        this.store = store;
    }

    /** Without VersionId, the current version. */
    CompletionStage<JsonNode> get(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        String versionId = versionId(body, "VersionId", false);
        return store.sync().thenApply(ignored -> {
            ObjectNode current = GlueEntities.requireTable(store, database, table);
            ObjectNode found = versionId == null || versionId.equals(version(current))
                    ? current
                    : archived(database, table, versionId);
            ObjectNode response = WireCodec.object();
            response.set("TableVersion", tableVersion(found));
            return response;
        });
    }

    /** Newest first; CatalogGetterPageSize: 1 to 100 per page. */
    CompletionStage<JsonNode> list(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        Integer max = Fields.integer(body, "MaxResults");
        String token = Fields.text(body, "NextToken");
        GlueShapes.throwIfInvalid(new Validation().range("maxResults", max, 1, 100));
        int limit = max == null ? 100 : max;
        Long before = token == null ? null : parseToken(token);
        return store.sync().thenApply(ignored -> {
            ObjectNode current = GlueEntities.requireTable(store, database, table);
            List<ObjectNode> versions =
                    new ArrayList<>(store.withPrefix(GlueEntityFormat.tableVersionPrefix(database, table)));
            Collections.reverse(versions);
            if (versions.isEmpty() || number(versions.get(0)) < number(current)) {
                versions.add(0, current);
            }
            ObjectNode response = WireCodec.object();
            ArrayNode list = response.putArray("TableVersions");
            Long last = null;
            for (ObjectNode version : versions) {
                long n = number(version);
                if (before != null && n >= before) {
                    continue;
                }
                if (list.size() == limit) {
                    response.put("NextToken", GlueShapes.token(Long.toString(last)));
                    break;
                }
                list.add(tableVersion(version));
                last = n;
            }
            return response;
        });
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        String versionId = versionId(body, "VersionId", true);
        return store.sync()
                .thenCompose(ignored -> deleteOne(database, table, versionId))
                .thenApply(ignored -> WireCodec.object());
    }

    /** BatchDeleteTableVersionList: at most 100 versions; each failure an entry of Errors. */
    CompletionStage<JsonNode> batchDelete(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        JsonNode ids = Fields.array(body, "VersionIds");
        GlueShapes.throwIfInvalid(new Validation()
                .required("versionIds", ids)
                .size("versionIds", ids == null ? 0 : ids.size(), 0, 100, ids));
        return store.sync().thenCompose(ignored -> {
            GlueEntities.requireTable(store, database, table);
            List<String> versionIds = new ArrayList<>();
            ids.forEach(id -> versionIds.add(id.asText()));
            return GlueBatch.errors(versionIds, versionId -> deleteOne(database, table, versionId), (versionId, e) -> {
                ObjectNode entry = WireCodec.object();
                entry.put("TableName", table);
                entry.put("VersionId", versionId);
                entry.set("ErrorDetail", GlueErrors.detail(e));
                return entry;
            });
        });
    }

    /** Glue keeps the current version: only archived ones are deleted. */
    private CompletableFuture<Void> deleteOne(String database, String table, String versionId) {
        ObjectNode current = GlueEntities.requireTable(store, database, table);
        if (versionId.equals(version(current))) {
            throw GlueErrors.invalidInput("Cannot delete the current version of table " + table + ".");
        }
        archived(database, table, versionId);
        return store.remove(GlueEntityFormat.tableVersionKey(database, table, Long.parseLong(versionId)));
    }

    private ObjectNode archived(String database, String table, String versionId) {
        long n;
        try {
            n = Long.parseLong(versionId);
        } catch (NumberFormatException e) {
            throw GlueErrors.entityNotFound("Version " + versionId + " of table " + table + " not found.");
        }
        return store.get(GlueEntityFormat.tableVersionKey(database, table, n))
                .orElseThrow(
                        () -> GlueErrors.entityNotFound("Version " + versionId + " of table " + table + " not found."));
    }

    private static ObjectNode tableVersion(ObjectNode table) {
        ObjectNode version = WireCodec.object();
        version.set("Table", GlueShapes.wire(table));
        version.put("VersionId", version(table));
        return version;
    }

    private static String version(ObjectNode table) {
        return table.path("VersionId").asText("0");
    }

    private static long number(ObjectNode table) {
        try {
            return Long.parseLong(version(table));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** VersionString: 1 to 255 characters. */
    private static String versionId(JsonNode body, String member, boolean required) {
        String versionId = Fields.text(body, member);
        Validation v = new Validation().length("versionId", versionId, 1, 255);
        if (required) {
            v.required("versionId", versionId);
        }
        GlueShapes.throwIfInvalid(v);
        return versionId;
    }

    private static long parseToken(String token) {
        try {
            return Long.parseLong(GlueShapes.untoken(token));
        } catch (NumberFormatException e) {
            throw GlueErrors.invalidInput("Invalid NextToken.");
        }
    }
}
