package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * BatchCreatePartition, BatchGetPartition, BatchUpdatePartition, BatchDeletePartition. A missing database or table
 * fails the whole call; each entry otherwise succeeds or fails on its own, its failure an entry of Errors with
 * AWS's ErrorDetail, as Glue answers.
 */
final class GluePartitionBatchActions {

    private final GlueCatalogStore store;
    private final GluePartitionActions partitions;

    GluePartitionBatchActions(GlueCatalogStore store, GluePartitionActions partitions) {
        this.store = store;
        this.partitions = partitions;
    }

    /** PartitionInputList: at most 100 partitions. */
    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        JsonNode inputs = Fields.array(body, "PartitionInputList");
        GlueShapes.throwIfInvalid(new Validation()
                .required("partitionInputList", inputs)
                .size("partitionInputList", inputs == null ? 0 : inputs.size(), 0, 100, inputs));
        List<ObjectNode> list = new ArrayList<>();
        for (JsonNode input : inputs) {
            list.add(GluePartitions.partition(
                    input, "partitionInputList.member", database, table, GluePartitionActions.catalogId(request)));
        }
        return store.sync().thenCompose(ignored -> {
            ObjectNode tableEntity = GlueEntities.requireTable(store, database, table);
            return each(
                    list,
                    partition -> partitions.createOne(tableEntity, partition),
                    GluePartitions::valuesOf,
                    "PartitionValues");
        });
    }

    /** BatchGetPartitionValueList: at most 1000; partitions that do not exist are left out of the answer. */
    CompletionStage<JsonNode> get(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        List<List<String>> wanted = valueLists(body, "PartitionsToGet", "partitionsToGet", 1000);
        return store.sync().thenApply(ignored -> {
            GlueEntities.requireTable(store, database, table);
            ArrayNode found = WireCodec.object().arrayNode();
            Set<String> seen = new LinkedHashSet<>();
            for (List<String> values : wanted) {
                String key = GlueEntityFormat.partitionKey(database, table, values);
                if (seen.add(key)) {
                    store.get(key).ifPresent(p -> found.add(GluePartitions.wire(p, false)));
                }
            }
            ObjectNode response = WireCodec.object();
            response.set("Partitions", found);
            response.putArray("UnprocessedKeys");
            return response;
        });
    }

    /** BatchUpdatePartitionRequestEntryList: 1 to 100 entries. */
    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        JsonNode entries = Fields.array(body, "Entries");
        GlueShapes.throwIfInvalid(new Validation()
                .required("entries", entries)
                .size("entries", entries == null ? 0 : entries.size(), 1, 100, entries));
        record Entry(List<String> values, ObjectNode partition) {}
        List<Entry> list = new ArrayList<>();
        for (JsonNode entry : entries) {
            List<String> values =
                    GluePartitions.values(entry, "PartitionValueList", "entries.member.partitionValueList");
            list.add(new Entry(
                    values,
                    GluePartitions.partition(
                            Fields.object(entry, "PartitionInput"),
                            "entries.member.partitionInput",
                            database,
                            table,
                            GluePartitionActions.catalogId(request))));
        }
        return store.sync().thenCompose(ignored -> {
            ObjectNode tableEntity = GlueEntities.requireTable(store, database, table);
            return each(
                    list,
                    entry -> partitions.updateOne(tableEntity, entry.values(), entry.partition()),
                    Entry::values,
                    "PartitionValueList");
        });
    }

    /** BatchDeletePartitionValueList: at most 25 partitions. */
    CompletionStage<JsonNode> delete(AwsRequest request) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        List<List<String>> doomed = valueLists(body, "PartitionsToDelete", "partitionsToDelete", 25);
        return store.sync().thenCompose(ignored -> {
            GlueEntities.requireTable(store, database, table);
            return each(
                    doomed,
                    values -> partitions.deleteOne(database, table, values),
                    Function.identity(),
                    "PartitionValues");
        });
    }

    /** A list of PartitionValueList ({@code Values}) of at most {@code max} entries. */
    private static List<List<String>> valueLists(JsonNode body, String member, String path, int max) {
        JsonNode lists = Fields.array(body, member);
        GlueShapes.throwIfInvalid(
                new Validation().required(path, lists).size(path, lists == null ? 0 : lists.size(), 0, max, lists));
        List<List<String>> out = new ArrayList<>();
        for (JsonNode list : lists) {
            if (!list.isObject()) {
                throw GlueErrors.invalidInput("Each entry of " + member + " must be a PartitionValueList.");
            }
            out.add(GluePartitions.values(list, "Values", path + ".member.values"));
        }
        return out;
    }

    /** Runs {@code step} on every entry and answers with the failed ones as PartitionErrors. */
    private static <T> CompletableFuture<JsonNode> each(
            List<T> entries,
            Function<T, CompletableFuture<Void>> step,
            Function<T, List<String>> valuesOf,
            String valuesMember) {
        return GlueBatch.errors(
                entries, step, (entry, error) -> GluePartitions.error(valuesOf.apply(entry), valuesMember, error));
    }
}
