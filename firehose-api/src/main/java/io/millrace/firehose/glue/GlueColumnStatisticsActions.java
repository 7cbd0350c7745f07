package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Update, Get and DeleteColumnStatisticsForTable and ForPartition. The statistics of a table (or of one partition)
 * are one entity, column name to the ColumnStatistics given, so that an update of several columns is one
 * compare-and-set. A statistic for a column the table does not have, or whose StatisticsData lacks what its Type
 * needs, is an entry of Errors; the others are stored.
 */
final class GlueColumnStatisticsActions {

    /** ColumnStatisticsType: the member each type's data is in, with the members the model requires of it. */
    private static final Map<String, List<String>> DATA = Map.of(
            "BOOLEAN", List.of("BooleanColumnStatisticsData", "NumberOfTrues", "NumberOfFalses", "NumberOfNulls"),
            "DATE", List.of("DateColumnStatisticsData", "NumberOfNulls", "NumberOfDistinctValues"),
            "DECIMAL", List.of("DecimalColumnStatisticsData", "NumberOfNulls", "NumberOfDistinctValues"),
            "DOUBLE", List.of("DoubleColumnStatisticsData", "NumberOfNulls", "NumberOfDistinctValues"),
            "LONG", List.of("LongColumnStatisticsData", "NumberOfNulls", "NumberOfDistinctValues"),
            "STRING",
                    List.of(
                            "StringColumnStatisticsData",
                            "MaximumLength",
                            "AverageLength",
                            "NumberOfNulls",
                            "NumberOfDistinctValues"),
            "BINARY", List.of("BinaryColumnStatisticsData", "MaximumLength", "AverageLength", "NumberOfNulls"));

    private final GlueCatalogStore store;

    GlueColumnStatisticsActions(GlueCatalogStore store) {
        this.store = store;
    }

    CompletionStage<JsonNode> updateForTable(AwsRequest request) {
        return update(request, false);
    }

    CompletionStage<JsonNode> updateForPartition(AwsRequest request) {
        return update(request, true);
    }

    CompletionStage<JsonNode> getForTable(AwsRequest request) {
        return get(request, false);
    }

    CompletionStage<JsonNode> getForPartition(AwsRequest request) {
        return get(request, true);
    }

    CompletionStage<JsonNode> deleteForTable(AwsRequest request) {
        return delete(request, false);
    }

    CompletionStage<JsonNode> deleteForPartition(AwsRequest request) {
        return delete(request, true);
    }

    /** UpdateColumnStatisticsList: at most 25 statistics. */
    private CompletionStage<JsonNode> update(AwsRequest request, boolean ofPartition) {
        Target target = target(request, ofPartition);
        JsonNode list = Fields.array(request.body(), "ColumnStatisticsList");
        GlueShapes.throwIfInvalid(new Validation()
                .required("columnStatisticsList", list)
                .size("columnStatisticsList", list == null ? 0 : list.size(), 0, 25, list));
        return store.sync().thenCompose(ignored -> {
            Set<String> columns = target.columns(store);
            ArrayNode errors = WireCodec.object().arrayNode();
            List<ObjectNode> accepted = new ArrayList<>();
            for (JsonNode statistics : list) {
                String problem = problem(statistics, columns);
                if (problem == null) {
                    accepted.add((ObjectNode) statistics);
                } else {
                    ObjectNode error = errors.addObject();
                    error.set("ColumnStatistics", statistics);
                    error.set("Error", GlueErrors.detail(GlueErrors.invalidInput(problem)));
                }
            }
            CompletableFuture<ObjectNode> written = accepted.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : store.update(target.key(), current -> {
                        ObjectNode next = current != null ? current : WireCodec.object();
                        ObjectNode byColumn = next.get("Columns") instanceof ObjectNode existing
                                ? existing
                                : next.putObject("Columns");
                        for (ObjectNode statistics : accepted) {
                            ObjectNode stored = statistics.deepCopy();
                            stored.put("ColumnName", columnName(statistics));
                            byColumn.set(columnName(statistics), stored);
                        }
                        return next;
                    });
            return written.thenApply(done -> {
                ObjectNode response = WireCodec.object();
                response.set("Errors", errors);
                return response;
            });
        });
    }

    /** GetColumnNamesList: at most 100 names; a column without statistics is an entry of Errors. */
    private CompletionStage<JsonNode> get(AwsRequest request, boolean ofPartition) {
        Target target = target(request, ofPartition);
        JsonNode names = Fields.array(request.body(), "ColumnNames");
        GlueShapes.throwIfInvalid(new Validation()
                .required("columnNames", names)
                .size("columnNames", names == null ? 0 : names.size(), 0, 100, names));
        return store.sync().thenApply(ignored -> {
            target.columns(store);
            JsonNode byColumn =
                    store.get(target.key()).map(s -> s.path("Columns")).orElse(WireCodec.object());
            ObjectNode response = WireCodec.object();
            ArrayNode found = response.putArray("ColumnStatisticsList");
            ArrayNode errors = response.putArray("Errors");
            for (JsonNode name : names) {
                String column = name.asText().toLowerCase(Locale.ROOT);
                JsonNode statistics = byColumn.get(column);
                if (statistics != null) {
                    found.add(statistics);
                } else {
                    ObjectNode error = errors.addObject();
                    error.put("ColumnName", name.asText());
                    error.set(
                            "Error",
                            GlueErrors.detail(GlueErrors.entityNotFound(
                                    "Column statistics not found for column " + name.asText() + ".")));
                }
            }
            return response;
        });
    }

    private CompletionStage<JsonNode> delete(AwsRequest request, boolean ofPartition) {
        Target target = target(request, ofPartition);
        String column = GlueEntities.name(request.body(), "ColumnName", "columnName");
        return store.sync()
                .thenCompose(ignored -> {
                    target.columns(store);
                    return store.update(target.key(), current -> {
                        if (current == null || !current.path("Columns").has(column)) {
                            throw GlueErrors.entityNotFound("Column statistics not found for column " + column + ".");
                        }
                        ((ObjectNode) current.get("Columns")).remove(column);
                        return current;
                    });
                })
                .thenApply(ignored -> WireCodec.object());
    }

    /** The table, or one partition of it, whose statistics a request is about. */
    private record Target(String database, String table, List<String> partitionValues) {

        String key() {
            return partitionValues == null
                    ? GlueEntityFormat.tableStatisticsKey(database, table)
                    : GlueEntityFormat.partitionStatisticsKey(database, table, partitionValues);
        }

        /** The columns statistics may be kept for; EntityNotFoundException when the table or partition is gone. */
        Set<String> columns(GlueCatalogStore store) {
            ObjectNode entity = GlueEntities.requireTable(store, database, table);
            if (partitionValues != null) {
                entity = store.get(GlueEntityFormat.partitionKey(database, table, partitionValues))
                        .orElseThrow(() -> GlueErrors.entityNotFound("Cannot find partition."));
            }
            Set<String> names = new HashSet<>();
            entity.path("StorageDescriptor")
                    .path("Columns")
                    .forEach(c -> names.add(c.path("Name").asText().toLowerCase(Locale.ROOT)));
            return names;
        }
    }

    private static Target target(AwsRequest request, boolean ofPartition) {
        JsonNode body = request.body();
        String database = GlueEntities.database(body);
        String table = GlueEntities.name(body, "TableName", "tableName");
        List<String> values = ofPartition ? GluePartitions.values(body, "PartitionValues", "partitionValues") : null;
        return new Target(database, table, values);
    }

    private static String columnName(JsonNode statistics) {
        return statistics.path("ColumnName").asText().toLowerCase(Locale.ROOT);
    }

    /** Why Glue would refuse one ColumnStatistics, or null when it is whole. */
    private static String problem(JsonNode statistics, Set<String> columns) {
        if (!statistics.isObject()) {
            return "ColumnStatistics must be a structure.";
        }
        String name = statistics.path("ColumnName").asText(null);
        if (name == null || name.isEmpty() || name.length() > 255) {
            return "ColumnName must be 1 to 255 characters.";
        }
        if (!statistics.path("ColumnType").isTextual()) {
            return "ColumnType is required.";
        }
        if (!statistics.path("AnalyzedTime").isNumber()) {
            return "AnalyzedTime is required.";
        }
        if (!columns.contains(name.toLowerCase(Locale.ROOT))) {
            return "Column " + name + " is not a column of the table.";
        }
        JsonNode data = statistics.path("StatisticsData");
        List<String> shape = DATA.get(data.path("Type").asText(""));
        if (shape == null) {
            return "StatisticsData.Type must be one of " + DATA.keySet() + ".";
        }
        JsonNode typed = data.path(shape.get(0));
        if (!typed.isObject()) {
            return "StatisticsData of type " + data.path("Type").asText() + " needs " + shape.get(0) + ".";
        }
        for (String required : shape.subList(1, shape.size())) {
            JsonNode value = typed.path(required);
            if (!value.isNumber() || value.asDouble() < 0) {
                return shape.get(0) + "." + required + " must be a number of at least 0.";
            }
        }
        return null;
    }
}
