package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.expression.Path;
import io.millrace.dynamodb.expression.Placeholders;
import io.millrace.dynamodb.expression.Projection;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import io.millrace.dynamodb.store.ItemStore;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * BatchGetItem and BatchWriteItem: every request is served, none is left unprocessed, and each write is an item
 * write of its own (as on DynamoDB, a batch is not a transaction).
 */
final class BatchActions {

    /** BatchGetItem reads up to 100 items, BatchWriteItem writes up to 25 (API reference). */
    private static final int MAX_GETS = 100;

    private static final int MAX_WRITES = 25;

    private final Tables tables;
    private final ItemStore items;
    private final ItemActions itemActions;

    BatchActions(Tables tables, ItemStore items, ItemActions itemActions) {
        this.tables = tables;
        this.items = items;
        this.itemActions = itemActions;
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        JsonNode requestItems = requestItems(request.body());
        int total = 0;
        for (JsonNode table : requestItems) {
            total += table.path("Keys").size();
        }
        if (total > MAX_GETS) {
            throw DynamoDbErrors.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode response = WireCodec.object();
        ObjectNode responses = response.putObject("Responses");
        response.putObject("UnprocessedKeys");
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode spec = entry.getValue();
            Placeholders placeholders = ItemRequests.placeholders(spec, "ProjectionExpression");
            List<Path> projection = ItemRequests.projection(spec, placeholders);
            placeholders.checkAllUsed();
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            spec.path("Keys").forEach(key -> keys.add(AttributeValues.item(key)));
            if (new HashSet<>(keys).size() != keys.size()) {
                throw DynamoDbErrors.validation("Provided list of item keys contains duplicates");
            }
            ArrayNode found = responses.putArray(entry.getKey());
            boolean consistent = spec.path("ConsistentRead").asBoolean(false);
            reads.add(tables.require(TableActions.tableName(WireCodec.object().put("TableName", entry.getKey())))
                    .thenCompose(table -> (consistent ? items.sync() : CompletableFuture.<Void>completedFuture(null))
                            .thenAccept(synced -> {
                                for (Map<String, AttributeValue> key : keys) {
                                    table.key().checkKey(key);
                                    items.get(table.key().itemKey(table.tableId(), key))
                                            .ifPresent(item -> {
                                                synchronized (found) {
                                                    found.add(AttributeValues.toJson(
                                                            Projection.project(item, projection)));
                                                }
                                            });
                                }
                            })));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> response);
    }

    CompletionStage<JsonNode> write(AwsRequest request) {
        JsonNode requestItems = requestItems(request.body());
        int total = 0;
        for (JsonNode table : requestItems) {
            total += table.size();
        }
        if (total > MAX_WRITES) {
            throw DynamoDbErrors.validation("1 validation error detected: Value at 'requestItems' failed to satisfy"
                    + " constraint: Map value must satisfy constraint: [Member must have length less than or equal"
                    + " to 25, Member must have length greater than or equal to 1]");
        }
        List<CompletableFuture<ItemStore.Written>> writes = new ArrayList<>();
        List<CompletableFuture<Void>> lookups = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = TableActions.tableName(WireCodec.object().put("TableName", entry.getKey()));
            List<JsonNode> requests = new ArrayList<>();
            entry.getValue().forEach(requests::add);
            lookups.add(tables.require(name).thenAccept(table -> {
                Set<Map<String, AttributeValue>> seen = new HashSet<>();
                List<Runnable> planned = new ArrayList<>();
                for (JsonNode writeRequest : requests) {
                    Map<String, AttributeValue> key;
                    Optional<Map<String, AttributeValue>> after;
                    if (writeRequest.hasNonNull("PutRequest")) {
                        Map<String, AttributeValue> item = AttributeValues.item(
                                writeRequest.get("PutRequest").get("Item"));
                        ItemRequests.checkItem(table, item);
                        key = table.key().keyOf(item);
                        after = Optional.of(item);
                    } else if (writeRequest.hasNonNull("DeleteRequest")) {
                        key = table.key()
                                .checkKey(AttributeValues.item(
                                        writeRequest.get("DeleteRequest").get("Key")));
                        after = Optional.empty();
                    } else {
                        throw DynamoDbErrors.validation("Supplied AttributeValue has more than one datatypes set, must"
                                + " contain exactly one of the supported datatypes");
                    }
                    if (!seen.add(key)) {
                        throw DynamoDbErrors.validation("Provided list of item keys contains duplicates");
                    }
                    Map<String, AttributeValue> itemKey = key;
                    planned.add(() -> writes.add(itemActions.write(table, itemKey, before -> after)));
                }
                // Every request of the table is checked before any is written, as DynamoDB refuses a whole batch.
                synchronized (writes) {
                    planned.forEach(Runnable::run);
                }
            }));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
                .thenCompose(looked -> {
                    synchronized (writes) {
                        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
                    }
                })
                .thenApply(done -> {
                    ObjectNode response = WireCodec.object();
                    response.putObject("UnprocessedItems");
                    return response;
                });
    }

    private static JsonNode requestItems(JsonNode body) {
        JsonNode requestItems = body.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw DynamoDbErrors.validation("1 validation error detected: Value null at 'requestItems' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        return requestItems;
    }
}
