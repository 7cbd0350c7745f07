package io.millrace.firehose.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * One buffer's records for one table as the rows to add and the keys to delete, applied in the order of the stream
 * (AWS's operations, "insert", "update" or "delete", in the record or the MetadataExtractionQuery): insert adds the
 * row; update deletes the rows with the record's unique key values and adds the record; delete only deletes them.
 * Deletes are Iceberg equality deletes on the unique key columns (the table's UniqueKeys, else its identifier
 * fields); they apply to rows of earlier commits only, so a row that a later record of the same buffer replaces or
 * deletes is dropped here rather than written, and the last record of a key in the buffer wins. Updates and deletes
 * need format version 2 and, in a partitioned table, partition columns among the keys (an equality delete applies
 * within its partition, which the key values must then decide); records that break this are undeliverable.
 */
final class IcebergChanges {

    /** A record's operation. */
    enum Operation {
        INSERT,
        UPDATE,
        DELETE;

        static Operation of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "insert" -> INSERT;
                case "update" -> UPDATE;
                case "delete" -> DELETE;
                default ->
                    throw new Undeliverable(
                            "Iceberg.InvalidOperation", "the operation " + name + " is not insert, update or delete");
            };
        }
    }

    /** A record routed to the table with its operation. */
    record Change(JsonNode json, Operation operation, Object source) {}

    /** A record that could not be applied, with why. */
    record Rejected(Object source, Undeliverable reason) {}

    /** The rows to write (in order), the keys to delete (rows of the key schema) and the records refused. */
    record Resolved(List<Record> rows, Schema keySchema, List<Record> deletes, List<Rejected> rejected) {}

    private IcebergChanges() {}

    static Resolved resolve(Table table, List<String> uniqueKeys, List<Change> changes) {
        Schema schema = table.schema();
        Keys keys = keys(table, uniqueKeys);
        List<Record> rows = new ArrayList<>();
        Map<List<Object>, List<Integer>> rowsByKey = new LinkedHashMap<>();
        Map<List<Object>, Record> deletes = new LinkedHashMap<>();
        List<Rejected> rejected = new ArrayList<>();
        for (Change change : changes) {
            try {
                Record row = change.operation() == Operation.DELETE ? null : IcebergRows.row(schema, change.json());
                Record key = null;
                if (change.operation() != Operation.INSERT) {
                    key = keys.of(change.json());
                } else if (keys.schema != null) {
                    key = keys.ofOrNull(change.json());
                }
                List<Object> keyValues = key == null ? null : values(key);
                if (change.operation() != Operation.INSERT) {
                    deletes.putIfAbsent(keyValues, key);
                    for (int index : rowsByKey.getOrDefault(keyValues, List.of())) {
                        rows.set(index, null);
                    }
                    rowsByKey.remove(keyValues);
                }
                if (row != null) {
                    if (keyValues != null) {
                        rowsByKey
                                .computeIfAbsent(keyValues, k -> new ArrayList<>())
                                .add(rows.size());
                    }
                    rows.add(row);
                }
            } catch (Undeliverable e) {
                rejected.add(new Rejected(change.source(), e));
            } catch (RuntimeException e) {
                rejected.add(new Rejected(
                        change.source(),
                        new Undeliverable(
                                "Iceberg.SchemaMismatch",
                                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            }
        }
        rows.removeIf(r -> r == null);
        return new Resolved(rows, keys.schema, new ArrayList<>(deletes.values()), rejected);
    }

    private static List<Object> values(Record key) {
        List<Object> values = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            values.add(key.get(i));
        }
        return values;
    }

    /** The unique key columns of a table as a schema of their own, or why updates and deletes cannot be applied. */
    private static Keys keys(Table table, List<String> uniqueKeys) {
        Schema schema = table.schema();
        Set<Integer> ids = new HashSet<>();
        if (uniqueKeys.isEmpty()) {
            ids.addAll(schema.identifierFieldIds());
        }
        for (String name : uniqueKeys) {
            Types.NestedField field = schema.caseInsensitiveFindField(name);
            if (field == null) {
                return new Keys(null, "the unique key " + name + " is not a column of " + table.name());
            }
            ids.add(field.fieldId());
        }
        if (ids.isEmpty()) {
            return new Keys(
                    null,
                    "updates and deletes need UniqueKeys for " + table.name() + " or identifier fields in its schema");
        }
        if (TableUtil.formatVersion(table) < 2) {
            return new Keys(
                    null,
                    "updates and deletes need Iceberg format version 2; " + table.name() + " is "
                            + TableUtil.formatVersion(table));
        }
        for (PartitionField partition : table.spec().fields()) {
            if (!ids.contains(partition.sourceId())) {
                return new Keys(
                        null,
                        "updates and deletes in " + table.name() + " need its partition column "
                                + schema.findColumnName(partition.sourceId()) + " among the unique keys");
            }
        }
        return new Keys(TypeUtil.select(schema, ids), null);
    }

    /** The key columns (null when updates and deletes are refused, {@code refusal} saying why). */
    private record Keys(Schema schema, String refusal) {

        /** The key values of a record that updates or deletes. */
        Record of(JsonNode json) {
            if (schema == null) {
                throw new Undeliverable("Iceberg.MissingUniqueKeys", refusal);
            }
            Record key;
            try {
                key = ofOrNull(json);
            } catch (IllegalArgumentException e) {
                throw new Undeliverable("Iceberg.MissingUniqueKeys", e.getMessage());
            }
            if (key == null) {
                throw new Undeliverable(
                        "Iceberg.MissingUniqueKeys", "the record has no value for a unique key " + names());
            }
            return key;
        }

        /** The key values of a record, or null when one is missing. */
        Record ofOrNull(JsonNode json) {
            Record key = IcebergRows.row(schema, json);
            for (int i = 0; i < key.size(); i++) {
                if (key.get(i) == null) {
                    return null;
                }
            }
            return key;
        }

        private List<String> names() {
            return schema.columns().stream().map(Types.NestedField::name).toList();
        }
    }
}
