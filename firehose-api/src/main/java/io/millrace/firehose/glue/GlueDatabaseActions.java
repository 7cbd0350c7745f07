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

/** CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase, DeleteDatabase. */
final class GlueDatabaseActions {

    private final GlueCatalogStore store;
    private final GlueTagActions tags;

    GlueDatabaseActions(GlueCatalogStore store) {
        this.store = store;
        this.tags = new GlueTagActions(store);
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        JsonNode input = Fields.object(body, "DatabaseInput");
        String name = input == null ? null : Fields.text(input, "Name");
        String catalogId = Fields.text(body, "CatalogId");
        Validation v = new Validation().required("databaseInput", input);
        if (input != null) {
            GlueShapes.name(v.required("databaseInput.name", name), "databaseInput.name", name)
                    .length("databaseInput.description", Fields.text(input, "Description"), 0, 2048);
        }
        GlueShapes.throwIfInvalid(GlueShapes.name(v, "catalogId", catalogId));
        JsonNode tagsToAdd = Fields.object(body, "Tags");
        if (tagsToAdd != null) {
            GlueTagActions.validateTags(tagsToAdd);
        }
        String folded = GlueShapes.folded(name);
        ObjectNode database = ((ObjectNode) input).deepCopy();
        database.put("Name", folded);
        database.put("CreateTime", System.currentTimeMillis());
        database.put("CatalogId", catalogId != null ? catalogId : request.accountId());
        database.remove("UpdateTime");
        String key = GlueEntityFormat.databaseKey(folded);
        return store.sync()
                .thenCompose(ignored -> {
                    if (store.get(key).isPresent()) {
                        throw GlueErrors.alreadyExists("Database already exists.");
                    }
                    return store.write(key, null, database);
                })
                .thenCompose(won -> {
                    if (!won) {
                        throw GlueErrors.alreadyExists("Database already exists.");
                    }
                    if (tagsToAdd == null || tagsToAdd.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    String arn = GlueTagActions.databaseArn(
                            request, database.path("CatalogId").asText(), folded);
                    return tags.tag(GlueEntityFormat.tagsKey(arn), tagsToAdd);
                })
                .thenApply(ignored -> WireCodec.object());
    }

    /**
     * Replaces the database's definition (Description, LocationUri, Parameters, ...), keeping CreateTime and
     * CatalogId; Glue cannot rename a database, so DatabaseInput.Name must name the same one. A concurrent update
     * that wins first makes this one a ConcurrentModificationException.
     */
    CompletionStage<JsonNode> update(AwsRequest request) {
        String name = named(request);
        JsonNode input = Fields.object(request.body(), "DatabaseInput");
        String newName = input == null ? null : Fields.text(input, "Name");
        Validation v = new Validation().required("databaseInput", input);
        if (input != null) {
            GlueShapes.name(v.required("databaseInput.name", newName), "databaseInput.name", newName)
                    .length("databaseInput.description", Fields.text(input, "Description"), 0, 2048);
        }
        GlueShapes.throwIfInvalid(v);
        if (!name.equals(GlueShapes.folded(newName))) {
            throw GlueErrors.invalidInput("Database " + name + " cannot be renamed to " + newName + ".");
        }
        String key = GlueEntityFormat.databaseKey(name);
        return store.sync()
                .thenCompose(ignored -> {
                    ObjectNode current = require(name);
                    ObjectNode next = ((ObjectNode) input).deepCopy();
                    next.put("Name", name);
                    next.set("CreateTime", current.get("CreateTime"));
                    next.set("CatalogId", current.get("CatalogId"));
                    next.remove("UpdateTime");
                    return store.write(key, current, next);
                })
                .thenApply(won -> {
                    if (!won) {
                        throw GlueErrors.concurrentModification("Database " + name + " was updated concurrently.");
                    }
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        String name = named(request);
        return store.sync().thenApply(ignored -> {
            ObjectNode database = require(name);
            ObjectNode response = WireCodec.object();
            response.set("Database", GlueShapes.wire(database));
            return response;
        });
    }

    CompletionStage<JsonNode> list(AwsRequest request) {
        JsonNode body = request.body();
        Integer max = Fields.integer(body, "MaxResults");
        String token = Fields.text(body, "NextToken");
        // CatalogGetterPageSize: 1 to 100; Glue's default page is 100 databases.
        GlueShapes.throwIfInvalid(GlueShapes.name(
                new Validation().range("maxResults", max, 1, 100), "catalogId", Fields.text(body, "CatalogId")));
        int limit = max == null ? 100 : max;
        String after = token == null ? null : GlueShapes.untoken(token);
        return store.sync().thenApply(ignored -> {
            ArrayNode list = WireCodec.object().arrayNode();
            List<ObjectNode> all = new ArrayList<>(store.withPrefix("database/"));
            String last = null;
            boolean more = false;
            for (ObjectNode database : all) {
                String name = database.path("Name").asText();
                if (after != null && name.compareTo(after) <= 0) {
                    continue;
                }
                if (list.size() == limit) {
                    more = true;
                    break;
                }
                list.add(GlueShapes.wire(database));
                last = name;
            }
            ObjectNode response = WireCodec.object();
            response.set("DatabaseList", list);
            if (more) {
                response.put("NextToken", GlueShapes.token(last));
            }
            return response;
        });
    }

    /** Removes the database and its tables, as Glue does. */
    CompletionStage<JsonNode> delete(AwsRequest request) {
        String name = named(request);
        return store.sync()
                .thenCompose(ignored -> {
                    require(name);
                    List<CompletableFuture<Void>> removals = new ArrayList<>();
                    for (ObjectNode table : new ArrayList<>(store.withPrefix(GlueEntityFormat.tablePrefix(name)))) {
                        String tableName = table.path("Name").asText();
                        removals.add(store.removeTableChildren(name, tableName)
                                .thenCompose(done -> store.remove(GlueEntityFormat.tableKey(name, tableName))));
                    }
                    for (ObjectNode tagged : new ArrayList<>(store.withPrefix("tags/"))) {
                        String key = tagged.path(GlueEntityFormat.KEY).asText("");
                        if (key.endsWith(":database/" + name)) {
                            removals.add(store.remove(key));
                        }
                    }
                    return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
                })
                .thenCompose(ignored -> store.remove(GlueEntityFormat.databaseKey(name)))
                .thenApply(ignored -> WireCodec.object());
    }

    private static String named(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "Name");
        GlueShapes.throwIfInvalid(GlueShapes.name(
                GlueShapes.name(new Validation().required("name", name), "name", name),
                "catalogId",
                Fields.text(body, "CatalogId")));
        return GlueShapes.folded(name);
    }

    private ObjectNode require(String name) {
        return store.get(GlueEntityFormat.databaseKey(name))
                .orElseThrow(() -> GlueErrors.entityNotFound("Database " + name + " not found."));
    }
}
