package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * CreatePartition, GetPartition, GetPartitions, UpdatePartition, DeletePartition, and the one-partition steps the
 * batch calls ({@link GluePartitionBatchActions}) repeat. A partition is one entity under its table, keyed by its
 * values; each write is a compare-and-set of its own.
 */
final class GluePartitionActions {

    private final GlueCatalogStore store;

    GluePartitionActions(GlueCatalogStore store) {
        this.store = store;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        ObjectNode partition = GluePartitions.partition(
                Fields.object(body, "PartitionInput"), "partitionInput", database, table, catalogId(request));
        return store.sync()
                .thenCompose(ignored -> createOne(GlueEntities.requireTable(store, database, table), partition))
                .thenApply(ignored -> WireCodec.object());
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        List<String> values = GluePartitions.values(body, "PartitionValues", "partitionValues");
        return store.sync().thenApply(ignored -> {
            GlueEntities.requireTable(store, database, table);
            ObjectNode response = WireCodec.object();
            response.set("Partition", GluePartitions.wire(require(database, table, values), false));
            return response;
        });
    }

    /** GetPartitions: the table's partitions in key order, filtered by Expression, one Segment of them, paged. */
    CompletionStage<JsonNode> list(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        String expression = Fields.text(body, "Expression");
        Integer max = Fields.integer(body, "MaxResults");
        JsonNode segment = Fields.object(body, "Segment");
        Integer segmentNumber = segment == null ? null : Fields.integer(segment, "SegmentNumber");
        Integer totalSegments = segment == null ? null : Fields.integer(segment, "TotalSegments");
        boolean excludeColumns = Boolean.TRUE.equals(Fields.bool(body, "ExcludeColumnSchema"));
        String token = Fields.text(body, "NextToken");
        // PredicateString: at most 2048 characters; PageSize: 1 to 1000; Segment: TotalSegments 1 to 10.
        Validation v =
                new Validation().length("expression", expression, 0, 2048).range("maxResults", max, 1, 1000);
        if (segment != null) {
            v.required("segment.segmentNumber", segmentNumber)
                    .range("segment.segmentNumber", segmentNumber, 0, Integer.MAX_VALUE)
                    .required("segment.totalSegments", totalSegments)
                    .range("segment.totalSegments", totalSegments, 1, 10);
        }
        GlueShapes.throwIfInvalid(v);
        if (segment != null && segmentNumber >= totalSegments) {
            throw GlueErrors.invalidInput("SegmentNumber must be less than TotalSegments.");
        }
        int limit = max == null ? 1000 : max;
        String after = token == null ? null : GlueShapes.untoken(token);
        return store.sync().thenApply(ignored -> {
            ObjectNode tableEntity = GlueEntities.requireTable(store, database, table);
            Map<String, String> keyTypes = GluePartitions.keyTypes(tableEntity);
            GluePartitionExpression filter = expression == null || expression.isBlank()
                    ? null
                    : GluePartitionExpression.parse(expression, keyTypes);
            List<String> keyNames = new ArrayList<>(keyTypes.keySet());
            ArrayNode list = WireCodec.object().arrayNode();
            String last = null;
            boolean more = false;
            for (ObjectNode partition :
                    new ArrayList<>(store.withPrefix(GlueEntityFormat.partitionPrefix(database, table)))) {
                String key = partition.path(GlueEntityFormat.KEY).asText();
                if ((after != null && key.compareTo(after) <= 0)
                        || (segment != null && Math.floorMod(key.hashCode(), totalSegments) != segmentNumber)
                        || (filter != null && !filter.matches(named(keyNames, partition)))) {
                    continue;
                }
                if (list.size() == limit) {
                    more = true;
                    break;
                }
                list.add(GluePartitions.wire(partition, excludeColumns));
                last = key;
            }
            ObjectNode response = WireCodec.object();
            response.set("Partitions", list);
            if (more) {
                response.put("NextToken", GlueShapes.token(last));
            }
            return response;
        });
    }

    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        List<String> values = GluePartitions.values(body, "PartitionValueList", "partitionValueList");
        // BoundedPartitionValueList: at most 100 values.
        GlueShapes.throwIfInvalid(new Validation().size("partitionValueList", values.size(), 0, 100, values));
        ObjectNode partition = GluePartitions.partition(
                Fields.object(body, "PartitionInput"), "partitionInput", database, table, catalogId(request));
        return store.sync()
                .thenCompose(ignored -> updateOne(GlueEntities.requireTable(store, database, table), values, partition))
                .thenApply(ignored -> WireCodec.object());
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        List<String> values = GluePartitions.values(body, "PartitionValues", "partitionValues");
        return store.sync()
                .thenCompose(ignored -> {
                    GlueEntities.requireTable(store, database, table);
                    return deleteOne(database, table, values);
                })
                .thenApply(ignored -> WireCodec.object());
    }

    /** Stores a new partition of {@code table}: AlreadyExistsException when its values are taken. */
    CompletableFuture<Void> createOne(ObjectNode table, ObjectNode partition) {
        return attempt(() -> {
            List<String> values = GluePartitions.valuesOf(partition);
            GluePartitions.requireKeyCount(table, values);
            String key = GlueEntityFormat.partitionKey(
                    table.path("DatabaseName").asText(), table.path("Name").asText(), values);
            if (store.get(key).isPresent()) {
                throw GlueErrors.alreadyExists("Partition already exists.");
            }
            partition.put("CreationTime", System.currentTimeMillis());
            return store.write(key, null, partition).thenAccept(won -> {
                if (!won) {
                    throw GlueErrors.alreadyExists("Partition already exists.");
                }
            });
        });
    }

    /**
     * Replaces the partition {@code values} by {@code partition}, keeping its CreationTime. New values (the input's
     * Values) move it: the new partition is written first, then the old one and its statistics removed.
     */
    CompletableFuture<Void> updateOne(ObjectNode table, List<String> values, ObjectNode partition) {
        return attempt(() -> {
            String database = table.path("DatabaseName").asText();
            String name = table.path("Name").asText();
            ObjectNode current = require(database, name, values);
            if (partition.path("Values").isEmpty() && !values.isEmpty()) {
                partition.set("Values", current.get("Values"));
            }
            List<String> next = GluePartitions.valuesOf(partition);
            GluePartitions.requireKeyCount(table, next);
            partition.set("CreationTime", current.get("CreationTime"));
            String key = GlueEntityFormat.partitionKey(database, name, values);
            String nextKey = GlueEntityFormat.partitionKey(database, name, next);
            if (key.equals(nextKey)) {
                return store.write(key, current, partition).thenAccept(won -> {
                    if (!won) {
                        throw GlueErrors.concurrentModification("Partition was updated concurrently.");
                    }
                });
            }
            if (store.get(nextKey).isPresent()) {
                throw GlueErrors.alreadyExists("Partition already exists.");
            }
            return store.write(nextKey, null, partition).thenCompose(won -> {
                if (!won) {
                    throw GlueErrors.alreadyExists("Partition already exists.");
                }
                return CompletableFuture.allOf(
                        store.remove(key),
                        store.remove(GlueEntityFormat.partitionStatisticsKey(database, name, values)));
            });
        });
    }

    /** Removes the partition and its column statistics: EntityNotFoundException when there is none. */
    CompletableFuture<Void> deleteOne(String database, String table, List<String> values) {
        return attempt(() -> {
            require(database, table, values);
            return CompletableFuture.allOf(
                    store.remove(GlueEntityFormat.partitionStatisticsKey(database, table, values)),
                    store.remove(GlueEntityFormat.partitionKey(database, table, values)));
        });
    }

    ObjectNode require(String database, String table, List<String> values) {
        return store.get(GlueEntityFormat.partitionKey(database, table, values))
                .orElseThrow(() -> GlueErrors.entityNotFound("Cannot find partition."));
    }

    static String catalogId(AwsRequest request) {
        String catalogId = Fields.text(request.body(), "CatalogId");
        return catalogId != null ? catalogId : request.accountId();
    }

    /** A partition's values by (lower-case) key name, for the expression. */
    private static Map<String, String> named(List<String> keyNames, ObjectNode partition) {
        Map<String, String> named = new HashMap<>();
        Iterator<JsonNode> values = partition.path("Values").elements();
        for (String key : keyNames) {
            if (!values.hasNext()) {
                break;
            }
            named.put(key, values.next().asText());
        }
        return named;
    }

    /** Runs a step that may refuse synchronously, so that a batch gets every entry's outcome as a future. */
    private static CompletableFuture<Void> attempt(Supplier<CompletableFuture<Void>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
