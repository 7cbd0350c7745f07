package io.millrace.firehose.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Avro schema of a table's rows, derived from its Hive columns: the form Parquet's Avro writer takes and the
 * form records are buffered in. Every column is nullable (a missing JSON field is null, as in Hive); decimals are
 * {@code bytes} with the decimal logical type, dates {@code int} days, timestamps {@code long} milliseconds, maps
 * have string keys (JSON object keys are strings).
 */
public final class AvroSchemas {
    /** Avro's rule for names; a column outside it cannot be written (Hive and Glue columns normally fit). */
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final String NAMESPACE = "io.millrace.firehose.conversion.row";

    private AvroSchemas() {}

    /** @throws IllegalArgumentException naming a column Avro cannot carry */
    public static Schema rowSchema(HiveType row) {
        return record(row, "row");
    }

    private static Schema record(HiveType struct, String path) {
        List<Schema.Field> fields = new ArrayList<>();
        for (HiveType.Field f : struct.fields()) {
            if (!AVRO_NAME.matcher(f.name()).matches()) {
                throw new IllegalArgumentException("column name " + f.name()
                        + " cannot be written: names are letters, digits and underscores, not starting with a digit");
            }
            fields.add(new Schema.Field(
                    f.name(),
                    nullable(schema(f.type(), path + "_" + f.name())),
                    null,
                    Schema.Field.NULL_DEFAULT_VALUE));
        }
        return Schema.createRecord(path, null, NAMESPACE, false, fields);
    }

    private static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    static Schema schema(HiveType type, String path) {
        return switch (type.kind()) {
            case STRING, VARCHAR, CHAR -> Schema.create(Schema.Type.STRING);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case TINYINT, SMALLINT, INT -> Schema.create(Schema.Type.INT);
            case BIGINT -> Schema.create(Schema.Type.LONG);
            case FLOAT -> Schema.create(Schema.Type.FLOAT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case DECIMAL ->
                LogicalTypes.decimal(type.precision(), type.scale()).addToSchema(Schema.create(Schema.Type.BYTES));
            case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIMESTAMP -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case BINARY -> Schema.create(Schema.Type.BYTES);
            case ARRAY -> Schema.createArray(nullable(schema(type.element(), path + "_element")));
            case MAP -> Schema.createMap(nullable(schema(type.value(), path + "_value")));
            case STRUCT -> record(type, path);
        };
    }
}
