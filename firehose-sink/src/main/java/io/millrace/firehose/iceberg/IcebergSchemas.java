package io.millrace.firehose.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Columns inferred from JSON records, for the tables the sink creates and the columns schema evolution adds: a
 * string is a string, an integral number a long, any other number a double, true/false a boolean, an object a struct
 * of its fields, an array a list of its first element's type. A field whose value is null (or an empty object or
 * array) says nothing of its type and is left out until a record carries a value. Only top-level fields become
 * columns of their own: AWS's Iceberg considerations take "only the first level of nodes" as columns, deeper ones
 * being the fields of struct columns.
 */
final class IcebergSchemas {

    private IcebergSchemas() {}

    /**
     * The schema of a new table holding {@code records}: fields in their order of first appearance, the unique keys
     * required and the table's identifier fields (Iceberg requires identifier fields to be required).
     */
    static Schema infer(List<JsonNode> records, List<String> uniqueKeys) {
        Map<String, Type> columns = newColumns(Set.of(), records);
        Set<String> keys = new HashSet<>();
        uniqueKeys.forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
        List<Types.NestedField> fields = new ArrayList<>();
        int placeholder = 0;
        for (Map.Entry<String, Type> column : columns.entrySet()) {
            boolean key = keys.contains(column.getKey().toLowerCase(Locale.ROOT));
            fields.add(Types.NestedField.of(++placeholder, !key, column.getKey(), column.getValue()));
        }
        for (String key : uniqueKeys) {
            if (fields.stream().noneMatch(f -> f.name().equalsIgnoreCase(key))) {
                throw new IllegalArgumentException(
                        "the unique key " + key + " has no value in the records to infer its column from");
            }
        }
        AtomicInteger id = new AtomicInteger();
        Schema schema = new Schema(
                ((Types.StructType) TypeUtil.assignFreshIds(Types.StructType.of(fields), id::incrementAndGet))
                        .fields());
        Set<Integer> identifiers = new HashSet<>();
        for (String key : uniqueKeys) {
            identifiers.add(schema.caseInsensitiveFindField(key).fieldId());
        }
        return new Schema(schema.columns(), identifiers);
    }

    /**
     * The top-level fields of {@code records} that are not among {@code existing} (compared ignoring case, as
     * records are matched to columns), with their inferred types, in order of first appearance.
     */
    static Map<String, Type> newColumns(Set<String> existing, List<JsonNode> records) {
        Set<String> known = new HashSet<>();
        existing.forEach(name -> known.add(name.toLowerCase(Locale.ROOT)));
        Map<String, Type> columns = new LinkedHashMap<>();
        for (JsonNode record : records) {
            if (!record.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String folded = field.getKey().toLowerCase(Locale.ROOT);
                if (known.contains(folded)) {
                    continue;
                }
                Type type = type(field.getValue());
                if (type != null) {
                    known.add(folded);
                    columns.put(field.getKey(), type);
                }
            }
        }
        return columns;
    }

    /** The type of a JSON value, or null when it says none. Ids are placeholders: the schema's are assigned anew. */
    private static Type type(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return Types.StringType.get();
        }
        if (value.isBoolean()) {
            return Types.BooleanType.get();
        }
        if (value.isIntegralNumber()) {
            return Types.LongType.get();
        }
        if (value.isNumber()) {
            return Types.DoubleType.get();
        }
        if (value.isObject()) {
            List<Types.NestedField> fields = new ArrayList<>();
            int id = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Type type = type(field.getValue());
                if (type != null) {
                    fields.add(Types.NestedField.optional(++id, field.getKey(), type));
                }
            }
            return fields.isEmpty() ? null : Types.StructType.of(fields);
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                Type type = type(element);
                if (type != null) {
                    return Types.ListType.ofOptional(1, type);
                }
            }
            return null;
        }
        return Types.StringType.get();
    }
}
