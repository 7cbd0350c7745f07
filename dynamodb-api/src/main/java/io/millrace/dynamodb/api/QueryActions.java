package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.expression.Condition;
import io.millrace.dynamodb.expression.ConditionEvaluator;
import io.millrace.dynamodb.expression.Operand;
import io.millrace.dynamodb.expression.Path;
import io.millrace.dynamodb.expression.Placeholders;
import io.millrace.dynamodb.expression.Projection;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import io.millrace.dynamodb.store.ItemKeys;
import io.millrace.dynamodb.store.ItemStore;
import io.millrace.dynamodb.store.StoredItem;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Query and Scan, of a table or of an index, with key conditions, filters, projections, Limit and
 * ExclusiveStartKey paging, as DynamoDB pages: Limit counts the items evaluated before the filter, a page stops at
 * 1 MB, and LastEvaluatedKey carries the table's key and the index's. Items come from this gateway's view of the
 * log (synced first for a consistent read); an index is read by going through the table's items.
 */
final class QueryActions {

    /** A Query or Scan page stops once it has read 1 MB (Developer Guide, "Query" and "Scan"). */
    private static final long MAX_PAGE_BYTES = 1024 * 1024;

    private final Tables tables;
    private final ItemStore items;

    QueryActions(Tables tables, ItemStore items) {
        this.tables = tables;
        this.items = items;
    }

    private record Page(
            JsonNode body,
            Placeholders placeholders,
            Condition filter,
            List<Path> projection,
            String indexName,
            int limit,
            boolean forward,
            String select,
            boolean consistent) {}

    private Page page(JsonNode body, Placeholders placeholders, String filterLegacyMember) {
        Condition filter = ItemRequests.condition(body, placeholders, "FilterExpression", filterLegacyMember, true);
        List<Path> projection = ItemRequests.projection(body, placeholders);
        placeholders.checkAllUsed();
        int limit = Integer.MAX_VALUE;
        if (body.hasNonNull("Limit")) {
            limit = body.get("Limit").asInt();
            if (limit < 1) {
                throw DynamoDbErrors.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed"
                        + " to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        String select = body.path("Select").asText(projection == null ? "ALL_ATTRIBUTES" : "SPECIFIC_ATTRIBUTES");
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoDbErrors.validation(
                    "Cannot specify the AttributesToGet or ProjectionExpression when choosing" + " to get " + select);
        }
        String indexName = body.path("IndexName").asText(null);
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && indexName == null) {
            throw DynamoDbErrors.validation(
                    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an" + " IndexName");
        }
        return new Page(
                body,
                placeholders,
                filter,
                projection,
                indexName,
                limit,
                body.path("ScanIndexForward").asBoolean(true),
                select,
                body.path("ConsistentRead").asBoolean(false));
    }

    CompletionStage<JsonNode> query(AwsRequest request) {
        JsonNode body = request.body();
        String name = TableActions.tableName(body);
        Placeholders placeholders =
                ItemRequests.placeholders(body, "KeyConditionExpression", "FilterExpression", "ProjectionExpression");
        Condition keyCondition =
                ItemRequests.condition(body, placeholders, "KeyConditionExpression", "KeyConditions", true);
        if (keyCondition == null) {
            throw DynamoDbErrors.validation("Either the KeyConditions or KeyConditionExpression parameter must be"
                    + " specified in the request.");
        }
        Page page = page(body, placeholders, "QueryFilter");
        return read(name, page, (table, schema) -> {
            AttributeValue hash = null;
            List<Condition> rangeConditions = new ArrayList<>();
            for (Condition part : conjuncts(keyCondition)) {
                String attribute = keyAttribute(part);
                if (attribute.equals(schema.hash())
                        && hash == null
                        && part instanceof Condition.Compare compare
                        && compare.comparator() == Condition.Comparator.EQ) {
                    hash = ((Operand.Constant) compare.right()).value();
                    checkType(schema, attribute, hash);
                } else if (attribute.equals(schema.range())
                        && rangeConditions.isEmpty()
                        && !(part instanceof Condition.Compare c && c.comparator() == Condition.Comparator.NE)) {
                    rangeConditions.add(part);
                    constants(part).forEach(value -> checkType(schema, attribute, value));
                } else if (!schema.isKey(attribute)) {
                    throw DynamoDbErrors.validation("Query condition missed key schema element: " + schema.hash());
                } else {
                    throw DynamoDbErrors.validation("Query key condition not supported");
                }
            }
            if (hash == null) {
                throw DynamoDbErrors.validation("Query condition missed key schema element: " + schema.hash());
            }
            AttributeValue hashValue = hash;
            List<Map<String, AttributeValue>> candidates = new ArrayList<>();
            if (page.indexName() == null) {
                for (StoredItem stored : items.withPrefix(ItemKeys.hashPrefix(table.tableId(), hashValue))) {
                    candidates.add(stored.item());
                }
            } else {
                for (StoredItem stored : items.withPrefix(ItemKeys.tablePrefix(table.tableId()))) {
                    if (schema.indexes(stored.item())
                            && hashValue.equals(stored.item().get(schema.hash()))) {
                        candidates.add(stored.item());
                    }
                }
            }
            candidates.removeIf(item -> !rangeConditions.stream().allMatch(c -> ConditionEvaluator.test(c, item)));
            return candidates;
        });
    }

    CompletionStage<JsonNode> scan(AwsRequest request) {
        JsonNode body = request.body();
        String name = TableActions.tableName(body);
        Placeholders placeholders = ItemRequests.placeholders(body, "FilterExpression", "ProjectionExpression");
        Page page = page(body, placeholders, "ScanFilter");
        boolean segmented = body.hasNonNull("Segment") || body.hasNonNull("TotalSegments");
        int segment = body.path("Segment").asInt(0);
        int totalSegments = body.path("TotalSegments").asInt(1);
        if (segmented && (!body.hasNonNull("Segment") || !body.hasNonNull("TotalSegments"))) {
            throw DynamoDbErrors.validation("The TotalSegments parameter is required but was not present in the"
                    + " request when Segment parameter is present");
        }
        // TotalSegments: 1 to 1000000 (botocore model); Segment below it.
        if (totalSegments < 1 || totalSegments > 1_000_000 || segment < 0 || segment >= totalSegments) {
            throw DynamoDbErrors.validation("The Segment parameter is zero-based and must be less than parameter"
                    + " TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        return read(name, page, (table, schema) -> {
            List<Map<String, AttributeValue>> candidates = new ArrayList<>();
            for (StoredItem stored : items.withPrefix(ItemKeys.tablePrefix(table.tableId()))) {
                Map<String, AttributeValue> item = stored.item();
                if ((page.indexName() == null || schema.indexes(item))
                        && Math.floorMod(
                                        ItemKeys.encode(item.get(table.key().hash()))
                                                .hashCode(),
                                        totalSegments)
                                == segment) {
                    candidates.add(item);
                }
            }
            return candidates;
        });
    }

    private interface Candidates {
        List<Map<String, AttributeValue>> of(TableDefinition table, KeySchema schema);
    }

    private CompletionStage<JsonNode> read(String name, Page page, Candidates candidates) {
        return tables.require(name).thenCompose(table -> {
            KeySchema schema = table.index(page.indexName());
            if (page.consistent() && schema.global()) {
                throw DynamoDbErrors.validation("Consistent reads are not supported on global secondary indexes");
            }
            Map<String, AttributeValue> start = page.body().hasNonNull("ExclusiveStartKey")
                    ? AttributeValues.item(page.body().get("ExclusiveStartKey"))
                    : null;
            if (start != null) {
                checkStartKey(table, schema, start);
            }
            CompletableFuture<Void> ready = page.consistent() ? items.sync() : CompletableFuture.completedFuture(null);
            return ready.thenApply(synced -> answer(table, schema, page, start, candidates.of(table, schema)));
        });
    }

    private static JsonNode answer(
            TableDefinition table,
            KeySchema schema,
            Page page,
            Map<String, AttributeValue> start,
            List<Map<String, AttributeValue>> candidates) {
        Comparator<Map<String, AttributeValue>> order = order(schema, table.key());
        if (!page.forward()) {
            order = order.reversed();
        }
        candidates.sort(order);
        ObjectNode response = WireCodec.object();
        ArrayNode items = page.select().equals("COUNT") ? null : response.putArray("Items");
        int count = 0;
        int scanned = 0;
        long bytes = 0;
        Map<String, AttributeValue> lastEvaluated = null;
        for (Map<String, AttributeValue> item : candidates) {
            if (start != null && order.compare(item, start) <= 0) {
                continue;
            }
            scanned++;
            bytes += AttributeValues.size(item);
            if (page.filter() == null || ConditionEvaluator.test(page.filter(), item)) {
                count++;
                if (items != null) {
                    Map<String, AttributeValue> shown = page.projection() != null
                            ? Projection.project(item, page.projection())
                            : schema.project(item, table.key());
                    items.add(AttributeValues.toJson(shown));
                }
            }
            if (scanned == page.limit() || bytes >= MAX_PAGE_BYTES) {
                lastEvaluated = item;
                break;
            }
        }
        response.put("Count", count);
        response.put("ScannedCount", scanned);
        // As DynamoDB: a page that stopped at its Limit or at 1 MB has a LastEvaluatedKey, even when nothing follows.
        if (lastEvaluated != null) {
            Map<String, AttributeValue> key = new LinkedHashMap<>(table.key().keyOf(lastEvaluated));
            if (page.indexName() != null) {
                key.putAll(schema.keyOf(lastEvaluated));
            }
            response.set("LastEvaluatedKey", AttributeValues.toJson(key));
        }
        return response;
    }

    private static void checkStartKey(TableDefinition table, KeySchema schema, Map<String, AttributeValue> start) {
        Map<String, AttributeValue> expected = new LinkedHashMap<>();
        try {
            table.key().checkKey(table.key().keyOf(start));
            if (schema != table.key() && !schema.indexes(start)) {
                throw DynamoDbErrors.validation("The provided key element does not match the schema");
            }
            expected.putAll(table.key().keyOf(start));
            expected.putAll(schema.keyOf(start));
        } catch (RuntimeException e) {
            throw DynamoDbErrors.validation(
                    "The provided starting key is invalid: The provided key element does not" + " match the schema");
        }
        if (!expected.keySet().equals(start.keySet())) {
            throw DynamoDbErrors.validation(
                    "The provided starting key is invalid: The provided key element does not" + " match the schema");
        }
    }

    /** The order of a Query or Scan: partition key, sort key, then (for an index) the table's key. */
    private static Comparator<Map<String, AttributeValue>> order(KeySchema schema, KeySchema table) {
        Comparator<Map<String, AttributeValue>> order =
                Comparator.comparing(item -> ItemKeys.encode(item.get(schema.hash())));
        if (schema.range() != null) {
            order = order.thenComparing(
                    (a, b) -> ConditionEvaluator.order(a.get(schema.range()), b.get(schema.range())));
        }
        if (schema != table) {
            order = order.thenComparing(order(table, table));
        }
        return order;
    }

    private static List<Condition> conjuncts(Condition condition) {
        List<Condition> parts = new ArrayList<>();
        if (condition instanceof Condition.And and) {
            parts.addAll(conjuncts(and.left()));
            parts.addAll(conjuncts(and.right()));
        } else {
            parts.add(condition);
        }
        return parts;
    }

    /** The key attribute a part of a key condition is about; refuses what a key condition may not contain. */
    private static String keyAttribute(Condition part) {
        Operand subject = null;
        List<Operand> constants = new ArrayList<>();
        if (part instanceof Condition.Compare compare) {
            subject = compare.left();
            constants.add(compare.right());
        } else if (part instanceof Condition.Between between) {
            subject = between.value();
            constants.add(between.low());
            constants.add(between.high());
        } else if (part instanceof Condition.Function function
                && function.name().equals("begins_with")) {
            subject = function.arguments().get(0);
            constants.add(function.arguments().get(1));
        }
        if (!(subject instanceof Operand.PathOperand path)
                || !path.path().isTopLevel()
                || !constants.stream().allMatch(c -> c instanceof Operand.Constant)) {
            throw DynamoDbErrors.validation("Invalid KeyConditionExpression: Query key condition not supported");
        }
        return path.path().top();
    }

    private static List<AttributeValue> constants(Condition part) {
        List<AttributeValue> values = new ArrayList<>();
        if (part instanceof Condition.Compare compare) {
            values.add(((Operand.Constant) compare.right()).value());
        } else if (part instanceof Condition.Between between) {
            values.add(((Operand.Constant) between.low()).value());
            values.add(((Operand.Constant) between.high()).value());
        } else if (part instanceof Condition.Function function) {
            values.add(((Operand.Constant) function.arguments().get(1)).value());
        }
        return values;
    }

    private static void checkType(KeySchema schema, String attribute, AttributeValue value) {
        if (!value.type().equals(schema.types().get(attribute))) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: Condition parameter type does"
                    + " not match schema type");
        }
    }
}
