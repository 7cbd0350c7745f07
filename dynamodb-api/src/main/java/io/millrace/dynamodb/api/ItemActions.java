package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.expression.Condition;
import io.millrace.dynamodb.expression.ConditionEvaluator;
import io.millrace.dynamodb.expression.ExpressionParser;
import io.millrace.dynamodb.expression.LegacyConditions;
import io.millrace.dynamodb.expression.Path;
import io.millrace.dynamodb.expression.Placeholders;
import io.millrace.dynamodb.expression.Projection;
import io.millrace.dynamodb.expression.UpdateExpression;
import io.millrace.dynamodb.expression.Updater;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import io.millrace.dynamodb.store.ItemStore;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.store.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * GetItem, PutItem, UpdateItem and DeleteItem. A write is a compare-and-set on the item's version in the log, its
 * condition checked against the item it replaces, so that of two conditional writes racing on any gateways the
 * first in the log wins and the other is checked again against the winner. A refusal (or a write that changes
 * nothing) is confirmed against a view synced with the log, so that no gateway refuses on a stale item: a request
 * refused for its own sake (a malformed update, a key attribute updated) is refused before anything is written.
 */
final class ItemActions {

    private final Tables tables;
    private final ItemStore items;

    ItemActions(Tables tables, ItemStore items) {
        this.tables = tables;
        this.items = items;
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        JsonNode body = request.body();
        String name = TableActions.tableName(body);
        Map<String, AttributeValue> key = ItemRequests.key(body);
        Placeholders placeholders = ItemRequests.placeholders(body, "ProjectionExpression");
        List<Path> projection = ItemRequests.projection(body, placeholders);
        placeholders.checkAllUsed();
        boolean consistent = body.path("ConsistentRead").asBoolean(false);
        return tables.require(name).thenCompose(table -> {
            table.key().checkKey(key);
            String itemKey = table.key().itemKey(table.tableId(), key);
            CompletableFuture<Void> ready = consistent ? items.sync() : CompletableFuture.completedFuture(null);
            return ready.thenApply(synced -> {
                ObjectNode response = WireCodec.object();
                items.get(itemKey)
                        .ifPresent(item ->
                                response.set("Item", AttributeValues.toJson(Projection.project(item, projection))));
                return response;
            });
        });
    }

    CompletionStage<JsonNode> put(AwsRequest request) {
        JsonNode body = request.body();
        String name = TableActions.tableName(body);
        String returnValues = ItemRequests.returnValues(body, List.of("NONE", "ALL_OLD"));
        if (!body.hasNonNull("Item")) {
            throw DynamoDbErrors.validation("1 validation error detected: Value null at 'item' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        Map<String, AttributeValue> item = AttributeValues.item(body.get("Item"));
        Placeholders placeholders = ItemRequests.placeholders(body, "ConditionExpression");
        Condition condition = ItemRequests.condition(body, placeholders, "ConditionExpression", "Expected", false);
        placeholders.checkAllUsed();
        return tables.require(name).thenCompose(table -> {
            ItemRequests.checkItem(table, item);
            Map<String, AttributeValue> key = table.key().keyOf(item);
            return write(table, key, before -> {
                        check(condition, before);
                        return Optional.of(item);
                    })
                    .thenApply(written -> oldAttributes(returnValues, written));
        });
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        JsonNode body = request.body();
        String name = TableActions.tableName(body);
        String returnValues = ItemRequests.returnValues(body, List.of("NONE", "ALL_OLD"));
        Map<String, AttributeValue> key = ItemRequests.key(body);
        Placeholders placeholders = ItemRequests.placeholders(body, "ConditionExpression");
        Condition condition = ItemRequests.condition(body, placeholders, "ConditionExpression", "Expected", false);
        placeholders.checkAllUsed();
        return tables.require(name).thenCompose(table -> {
            table.key().checkKey(key);
            return write(table, key, before -> {
                        check(condition, before);
                        return Optional.empty();
                    })
                    .thenApply(written -> oldAttributes(returnValues, written));
        });
    }

    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String name = TableActions.tableName(body);
        String returnValues =
                ItemRequests.returnValues(body, List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        Map<String, AttributeValue> key = ItemRequests.key(body);
        ItemRequests.noMixing(
                body, List.of("UpdateExpression", "ConditionExpression"), List.of("AttributeUpdates", "Expected"));
        Placeholders placeholders = ItemRequests.placeholders(body, "UpdateExpression", "ConditionExpression");
        UpdateExpression update = body.hasNonNull("UpdateExpression")
                ? ExpressionParser.update(body.get("UpdateExpression").asText(), placeholders)
                : body.hasNonNull("AttributeUpdates")
                        ? LegacyConditions.attributeUpdates(body.get("AttributeUpdates"))
                        : new UpdateExpression(List.of(), List.of(), List.of(), List.of(), false);
        Condition condition = ItemRequests.condition(body, placeholders, "ConditionExpression", "Expected", false);
        placeholders.checkAllUsed();
        List<Path> updated = updatedPaths(update);
        return tables.require(name).thenCompose(table -> {
            table.key().checkKey(key);
            for (Path path : updated) {
                if (table.key().isKey(path.top())) {
                    throw DynamoDbErrors.validation(
                            (update.legacy() ? "One or more parameter values were invalid: " : "")
                                    + "Cannot update attribute " + path.top() + ". This attribute is part of the key");
                }
            }
            return write(table, key, before -> {
                        check(condition, before);
                        Map<String, AttributeValue> after = Updater.apply(update, before.orElse(key));
                        ItemRequests.checkItem(table, after);
                        return Optional.of(after);
                    })
                    .thenApply(written -> {
                        ObjectNode response = WireCodec.object();
                        Optional<Map<String, AttributeValue>> attributes = switch (returnValues) {
                            case "ALL_OLD" -> written.before();
                            case "UPDATED_OLD" -> written.before().map(old -> Projection.project(old, updated));
                            case "ALL_NEW" -> written.after();
                            case "UPDATED_NEW" -> written.after().map(now -> Projection.project(now, updated));
                            default -> Optional.empty();
                        };
                        attributes
                                .filter(a -> !a.isEmpty())
                                .ifPresent(a -> response.set("Attributes", AttributeValues.toJson(a)));
                        return response;
                    });
        });
    }

    private static List<Path> updatedPaths(UpdateExpression update) {
        List<Path> paths = new ArrayList<>();
        update.sets().forEach(set -> paths.add(set.path()));
        paths.addAll(update.removes());
        update.adds().forEach(add -> paths.add(add.path()));
        update.deletes().forEach(delete -> paths.add(delete.path()));
        return paths;
    }

    private static void check(Condition condition, Optional<Map<String, AttributeValue>> before) {
        if (condition != null && !ConditionEvaluator.test(condition, before.orElse(Map.of()))) {
            throw DynamoDbErrors.conditionalCheckFailed();
        }
    }

    private static JsonNode oldAttributes(String returnValues, ItemStore.Written written) {
        ObjectNode response = WireCodec.object();
        if (returnValues.equals("ALL_OLD")) {
            written.before().ifPresent(old -> response.set("Attributes", AttributeValues.toJson(old)));
        }
        return response;
    }

    /**
     * Writes one item; a refused condition, or a write that found nothing to change, is decided again on a view
     * synced with the log before the client is told.
     */
    CompletableFuture<ItemStore.Written> write(
            TableDefinition table,
            Map<String, AttributeValue> key,
            Function<Optional<Map<String, AttributeValue>>, Optional<Map<String, AttributeValue>>> change) {
        String itemKey = table.key().itemKey(table.tableId(), key);
        return attempt(itemKey, table, key, change)
                .handle((written, error) -> {
                    Throwable cause = unwrap(error);
                    // A failed condition, or an update refused for what the item holds (an attribute it reads is
                    // missing),
                    // may come from a view behind the log.
                    boolean refused = cause instanceof ApiException api && api.isClientError();
                    boolean unchanged = written != null
                            && written.before().isEmpty()
                            && written.after().isEmpty();
                    if (refused || unchanged) {
                        return items.sync().thenCompose(synced -> attempt(itemKey, table, key, change));
                    }
                    return error == null
                            ? CompletableFuture.completedFuture(written)
                            : CompletableFuture.<ItemStore.Written>failedFuture(cause);
                })
                .thenCompose(Function.identity());
    }

    private CompletableFuture<ItemStore.Written> attempt(
            String itemKey,
            TableDefinition table,
            Map<String, AttributeValue> key,
            Function<Optional<Map<String, AttributeValue>>, Optional<Map<String, AttributeValue>>> change) {
        return items.write(itemKey, table.tableId(), key, change).exceptionally(error -> {
            Throwable cause = unwrap(error);
            if (cause instanceof VersionConflictException) {
                throw DynamoDbErrors.writeContention();
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
