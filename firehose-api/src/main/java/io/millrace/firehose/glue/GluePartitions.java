package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the partition actions share: partition values and inputs read as the model says, and stored partitions. */
final class GluePartitions {

    private GluePartitions() {}

    /** A ValueStringList member (each value 1 to 1024 characters), required. */
    static List<String> values(JsonNode node, String member, String path) {
        JsonNode list = Fields.array(node, member);
        Validation v = new Validation().required(path, list);
        List<String> values = new ArrayList<>();
        if (list != null) {
            for (JsonNode value : list) {
                if (!value.isTextual()) {
                    throw GlueErrors.invalidInput("Partition values must be strings.");
                }
                v.length(path + ".member", value.textValue(), 1, 1024);
                values.add(value.textValue());
            }
        }
        GlueShapes.throwIfInvalid(v);
        return values;
    }

    /** The table's partition keys, lower-case name to Hive type, in the table's order. */
    static Map<String, String> keyTypes(ObjectNode table) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (JsonNode key : table.path("PartitionKeys")) {
            keys.put(
                    key.path("Name").asText().toLowerCase(Locale.ROOT),
                    key.path("Type").asText("string"));
        }
        return keys;
    }

    /** Glue refuses values that do not give one value per partition key of the table. */
    static void requireKeyCount(ObjectNode table, List<String> values) {
        int keys = table.path("PartitionKeys").size();
        if (keys == 0) {
            throw GlueErrors.invalidInput("Table " + table.path("Name").asText() + " has no partition keys.");
        }
        if (values.size() != keys) {
            throw GlueErrors.invalidInput("The number of partition keys do not match the number of partition values.");
        }
    }

    /** A PartitionInput as the partition to store (without checking it against the table yet). */
    static ObjectNode partition(JsonNode input, String path, String database, String table, String catalogId) {
        GlueShapes.throwIfInvalid(new Validation().required(path, input));
        if (Fields.array(input, "Values") != null) {
            values(input, "Values", path + ".values");
        }
        ObjectNode partition = ((ObjectNode) input).deepCopy();
        partition.put("DatabaseName", database);
        partition.put("TableName", table);
        partition.put("CatalogId", catalogId);
        partition.remove("CreationTime");
        GlueShapes.storeTimes(partition);
        return partition;
    }

    static List<String> valuesOf(ObjectNode partition) {
        List<String> values = new ArrayList<>();
        partition.path("Values").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The stored partition as the API shows it; ExcludeColumnSchema drops the columns (the table has them). */
    static ObjectNode wire(ObjectNode stored, boolean excludeColumnSchema) {
        ObjectNode out = GlueShapes.wire(stored);
        if (excludeColumnSchema && out.get("StorageDescriptor") instanceof ObjectNode descriptor) {
            descriptor.remove("Columns");
        }
        return out;
    }

    /** One PartitionError of a batch call. */
    static ObjectNode error(List<String> values, String valuesMember, Throwable error) {
        ObjectNode entry = WireCodec.object();
        ArrayNode list = entry.putArray(valuesMember);
        values.forEach(list::add);
        entry.set("ErrorDetail", GlueErrors.detail(error));
        return entry;
    }
}
