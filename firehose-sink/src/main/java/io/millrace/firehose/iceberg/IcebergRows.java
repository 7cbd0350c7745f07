package io.millrace.firehose.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A JSON record as a row of an Iceberg table: fields matched by name (exactly, else ignoring case, as Firehose
 * matches JSON keys to columns), values converted to the column's type; a field the table has not is left out, a
 * missing one is null. A value that does not fit its column (or a missing required one) makes the record
 * undeliverable ({@link IllegalArgumentException}).
 */
final class IcebergRows {

    private IcebergRows() {}

    static Record row(Schema schema, JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("the record is not a JSON object");
        }
        return struct(schema.asStruct(), json);
    }

    private static Record struct(Types.StructType type, JsonNode json) {
        Record record = GenericRecord.create(type);
        Map<String, JsonNode> folded = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            folded.putIfAbsent(f.getKey().toLowerCase(Locale.ROOT), f.getValue());
        }
        for (Types.NestedField field : type.fields()) {
            JsonNode value = json.has(field.name())
                    ? json.get(field.name())
                    : folded.get(field.name().toLowerCase(Locale.ROOT));
            if (value == null || value.isNull()) {
                if (field.isRequired()) {
                    throw new IllegalArgumentException("the required field " + field.name() + " is missing");
                }
                continue;
            }
            try {
                record.setField(field.name(), value(field.type(), value));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "field " + field.name() + " is not of type " + field.type() + ": " + e.getMessage());
            }
        }
        return record;
    }

    private static Object value(Type type, JsonNode v) {
        return switch (type.typeId()) {
            case BOOLEAN -> v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(text(v));
            case INTEGER -> Math.toIntExact(number(v).longValueExact());
            case LONG -> number(v).longValueExact();
            case FLOAT -> number(v).floatValue();
            case DOUBLE -> number(v).doubleValue();
            case DECIMAL -> number(v).setScale(((Types.DecimalType) type).scale(), RoundingMode.HALF_UP);
            case STRING -> v.isTextual() ? v.textValue() : v.toString();
            case UUID -> UUID.fromString(text(v));
            case DATE -> v.isNumber() ? LocalDate.ofEpochDay(v.asLong()) : LocalDate.parse(text(v));
            case TIMESTAMP -> timestamp((Types.TimestampType) type, v);
            case BINARY, FIXED -> ByteBuffer.wrap(Base64.getDecoder().decode(text(v)));
            case STRUCT -> struct((Types.StructType) type, v);
            case LIST -> {
                List<Object> list = new ArrayList<>();
                Type element = ((Types.ListType) type).elementType();
                v.forEach(e -> list.add(e.isNull() ? null : value(element, e)));
                yield list;
            }
            case MAP -> {
                Types.MapType map = (Types.MapType) type;
                Map<Object, Object> out = new HashMap<>();
                v.fields()
                        .forEachRemaining(e -> out.put(
                                value(map.keyType(), com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey())),
                                e.getValue().isNull() ? null : value(map.valueType(), e.getValue())));
                yield out;
            }
            default -> throw new IllegalArgumentException("columns of type " + type + " are not written");
        };
    }

    /** A timestamp: epoch milliseconds, or ISO-8601 with or without an offset (without: UTC). */
    private static Object timestamp(Types.TimestampType type, JsonNode v) {
        OffsetDateTime time;
        if (v.isNumber()) {
            time = Instant.ofEpochMilli(v.asLong()).atOffset(ZoneOffset.UTC);
        } else {
            String text = text(v).replace(' ', 'T');
            try {
                time = OffsetDateTime.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                time = LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
            }
        }
        return type.shouldAdjustToUTC() ? time : time.toLocalDateTime();
    }

    private static BigDecimal number(JsonNode v) {
        return v.isNumber() ? v.decimalValue() : new BigDecimal(text(v).trim());
    }

    private static String text(JsonNode v) {
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("expected a value, found " + v.getNodeType());
        }
        return v.asText();
    }
}
