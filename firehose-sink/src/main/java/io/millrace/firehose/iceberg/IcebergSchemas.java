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
 * being the fields of struct columns; schema evolution adds new deeper fields to those structs
 * ({@link #newFields}).
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

    /**
     * A field schema evolution adds: a top-level column ({@code parent} null) or a field of the struct named by
     * {@code parent} (a struct column, or a list's {@code element} or a map's {@code value} struct), as Iceberg's
     * {@code UpdateSchema.addColumn(parent, name, type)} takes it.
     */
    record NewField(String parent, String name, Type type) {}

    /**
     * The fields of {@code records} that {@code table} has no column or struct field for, at any depth: a JSON object
     * under a struct column (or in the array of a list of structs, or a value of a map of structs) is compared with
     * the struct's fields, ignoring case as rows are matched, and its fields the struct has not are new fields of it.
     * Existing columns and fields are never retyped. In order of first appearance; a field new in several records
     * takes the type of its first value (its deeper fields missing from that value are found on the next pass, once
     * it exists).
     */
    static List<NewField> newFields(Types.StructType table, List<JsonNode> records) {
        Map<String, NewField> added = new LinkedHashMap<>();
        for (JsonNode record : records) {
            if (record.isObject()) {
                collect(null, table, record, added);
            }
        }
        return List.copyOf(added.values());
    }

    private static void collect(String parent, Types.StructType struct, JsonNode object, Map<String, NewField> added) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Types.NestedField existing = struct.field(field.getKey());
            if (existing == null) {
                existing = struct.caseInsensitiveField(field.getKey());
            }
            if (existing != null) {
                descend(
                        parent == null ? existing.name() : parent + "." + existing.name(),
                        existing.type(),
                        field.getValue(),
                        added);
                continue;
            }
            String key =
                    (parent == null ? "" : parent) + "\u0000" + field.getKey().toLowerCase(Locale.ROOT);
            Type type = type(field.getValue());
            if (type != null && !added.containsKey(key)) {
                added.put(key, new NewField(parent, field.getKey(), type));
            }
        }
    }

    /** Into a struct (and the structs of lists and maps) for the fields of {@code value} it has not. */
    private static void descend(String path, Type type, JsonNode value, Map<String, NewField> added) {
        if (type.isStructType() && value.isObject()) {
            collect(path, type.asStructType(), value, added);
        } else if (type.isListType() && value.isArray()) {
            Types.NestedField element = type.asListType().fields().get(0);
            value.forEach(e -> descend(path + "." + element.name(), element.type(), e, added));
        } else if (type.isMapType() && value.isObject()) {
            Types.NestedField mapValue = type.asMapType().fields().get(1);
            value.forEach(v -> descend(path + "." + mapValue.name(), mapValue.type(), v, added));
        }
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
