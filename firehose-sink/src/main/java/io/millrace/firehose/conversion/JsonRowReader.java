package io.millrace.firehose.conversion;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads one Firehose record of JSON into rows of the table, as the OpenX and Hive JSON SerDes do: keys are matched
 * to columns (ignoring case, through ColumnToJsonKeyMappings, dots as underscores), missing keys and JSON nulls are
 * null, keys without a column are ignored, values are coerced to the column's Hive type (numbers from numeric
 * strings, text from any scalar, objects as JSON text in a string column). A record may hold several JSON objects
 * one after the other ({@code {"a":1}{"a":2}}: two rows), as AWS documents; a JSON array is not valid input. A value
 * that does not fit its column fails the whole record, so a record is never split between the destination and the
 * error output.
 */
public final class JsonRowReader {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** OpenX's {@code yyyy-[M]M-[d]d HH:mm:ss[.S]} (fraction up to 9 digits) and Hive's default format. */
    private static final DateTimeFormatter SPACE_SEPARATED = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-M-d HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    /** Integers at least this large are epoch milliseconds, smaller ones epoch seconds (year 5138 in seconds). */
    private static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;

    private final HiveType row;
    private final Schema schema;
    private final JsonDeserializer deserializer;
    private final List<DateTimeFormatter> timestampFormats = new ArrayList<>();
    private final boolean hiveMillis;

    public JsonRowReader(HiveType row, Schema schema, JsonDeserializer deserializer) {
        this.row = row;
        this.schema = schema;
        this.deserializer = deserializer;
        boolean millis = false;
        for (String format : deserializer.timestampFormats()) {
            if ("millis".equals(format)) {
                millis = true;
            } else {
                timestampFormats.add(DateTimeFormatter.ofPattern(format, Locale.ROOT));
            }
        }
        this.hiveMillis = millis;
    }

    public Schema schema() {
        return schema;
    }

    public List<GenericRecord> read(byte[] data) throws ConversionException {
        List<GenericRecord> rows = new ArrayList<>(1);
        try (JsonParser parser = JSON.createParser(data)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_ARRAY) {
                    throw new ConversionException(
                            "An array of JSON documents is not valid input; send one JSON " + "object per row.");
                }
                JsonNode document = JSON.readTree(parser);
                if (!document.isObject()) {
                    throw new ConversionException("The record is not a JSON object: " + abbreviate(document));
                }
                rows.add((GenericRecord) struct(row, schema, document, ""));
            }
        } catch (JsonProcessingException e) {
            throw new ConversionException("The record is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConversionException("The record could not be read as JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            // Jackson reports some malformed input as unchecked wrappers of its parse errors.
            throw new ConversionException("The record is not valid JSON: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new ConversionException("The record holds no JSON object.");
        }
        return rows;
    }

    private Object struct(HiveType type, Schema schema, JsonNode object, String path) throws ConversionException {
        if (!object.isObject()) {
            throw mismatch(path, type, object);
        }
        Map<String, JsonNode> byKey = keyed(object);
        GenericData.Record record = new GenericData.Record(schema);
        for (HiveType.Field f : type.fields()) {
            String lookup = f.name();
            if (path.isEmpty() && deserializer.openX()) {
                lookup = deserializer.columnToJsonKeyMappings().getOrDefault(f.name(), f.name());
            }
            JsonNode value = byKey.get(normalized(lookup));
            Schema fieldSchema = nonNull(schema.getField(f.name()).schema());
            record.put(
                    f.name(), value(f.type(), fieldSchema, value, path.isEmpty() ? f.name() : path + "." + f.name()));
        }
        return record;
    }

    /** The object's members by the key columns are matched with. */
    private Map<String, JsonNode> keyed(JsonNode object) {
        Map<String, JsonNode> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String key = normalized(member.getKey());
            // The first of two keys that collide (case or dots) wins, as the SerDes read in order.
            out.putIfAbsent(key, member.getValue());
        }
        return out;
    }

    /** A JSON key, or a column or mapped key looking for one, as the two are compared. */
    private String normalized(String key) {
        if (deserializer.openX() && deserializer.convertDotsInJsonKeysToUnderscores()) {
            key = key.replace('.', '_');
        }
        return caseInsensitive() ? key.toLowerCase(Locale.ROOT) : key;
    }

    /** Mapped JSON keys are looked up as written by OpenX; the key itself is compared as configured. */
    private boolean caseInsensitive() {
        return !deserializer.openX() || deserializer.caseInsensitive();
    }

    private Object value(HiveType type, Schema schema, JsonNode node, String path) throws ConversionException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        switch (type.kind()) {
            case STRING:
                return text(node);
            case VARCHAR:
            case CHAR: {
                String text = text(node);
                return text.length() > type.precision() ? text.substring(0, type.precision()) : text;
            }
            case BOOLEAN:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                if (node.isTextual()
                        && (node.asText().equalsIgnoreCase("true")
                                || node.asText().equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(node.asText().toLowerCase(Locale.ROOT));
                }
                throw mismatch(path, type, node);
            case TINYINT:
                return (int) integer(node, path, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT:
                return (int) integer(node, path, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT:
                return (int) integer(node, path, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT:
                return integer(node, path, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT:
                return decimal(node, path, type).floatValue();
            case DOUBLE:
                return decimal(node, path, type).doubleValue();
            case DECIMAL: {
                BigDecimal value = decimal(node, path, type).setScale(type.scale(), RoundingMode.HALF_UP);
                if (value.precision() > type.precision()) {
                    throw new ConversionException(
                            "Value " + node.asText() + " of " + path + " does not fit " + type + ".");
                }
                return ByteBuffer.wrap(value.unscaledValue().toByteArray());
            }
            case DATE:
                return date(node, path, type);
            case TIMESTAMP:
                return timestamp(node, path, type);
            case BINARY:
                if (!node.isTextual()) {
                    throw mismatch(path, type, node);
                }
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
                } catch (IllegalArgumentException e) {
                    throw new ConversionException("Value of " + path + " is not base64, as a binary column needs.");
                }
            case ARRAY: {
                if (!node.isArray()) {
                    throw mismatch(path, type, node);
                }
                Schema elementSchema = nonNull(schema.getElementType());
                List<Object> out = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    out.add(value(type.element(), elementSchema, node.get(i), path + "[" + i + "]"));
                }
                return new GenericData.Array<>(schema, out);
            }
            case MAP: {
                if (!node.isObject()) {
                    throw mismatch(path, type, node);
                }
                Schema valueSchema = nonNull(schema.getValueType());
                Map<String, Object> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    // Keys are checked against the key type, and kept as text (Avro map keys are strings).
                    value(
                            type.key(),
                            AvroSchemas.schema(type.key(), "key"),
                            com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()),
                            path + " key");
                    out.put(e.getKey(), value(type.value(), valueSchema, e.getValue(), path + "." + e.getKey()));
                }
                return out;
            }
            case STRUCT:
                return struct(type, schema, node, path);
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static long integer(JsonNode node, String path, HiveType type, long min, long max)
            throws ConversionException {
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isTextual()) {
            try {
                value = new BigInteger(node.asText().trim());
            } catch (NumberFormatException e) {
                throw mismatch(path, type, node);
            }
        } else {
            throw mismatch(path, type, node);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ConversionException("Value " + value + " of " + path + " is out of range for " + type + ".");
        }
        return value.longValue();
    }

    private static BigDecimal decimal(JsonNode node, String path, HiveType type) throws ConversionException {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                throw mismatch(path, type, node);
            }
        }
        throw mismatch(path, type, node);
    }

    private static int date(JsonNode node, String path, HiveType type) throws ConversionException {
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            try {
                // A timestamp in a date column keeps its day, as Hive casts it.
                return (int) LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text)
                        .toEpochDay();
            } catch (DateTimeException e) {
                throw mismatch(path, type, node);
            }
        }
        throw mismatch(path, type, node);
    }

    private long timestamp(JsonNode node, String path, HiveType type) throws ConversionException {
        if (deserializer.openX()) {
            if (node.isIntegralNumber()) {
                long n = node.longValue();
                return Math.abs(n) >= EPOCH_MILLIS_THRESHOLD ? n : n * 1000;
            }
            if (node.isNumber()) {
                // Floating point epoch seconds.
                return node.decimalValue()
                        .movePointRight(3)
                        .setScale(0, RoundingMode.HALF_UP)
                        .longValueExact();
            }
            if (node.isTextual()) {
                String text = node.asText().trim();
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeException e) {
                    // Not ISO-8601 with a zone: try the other formats.
                }
                try {
                    return LocalDateTime.parse(text, SPACE_SEPARATED)
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
                } catch (DateTimeException e) {
                    // Nor space-separated: maybe epoch seconds or milliseconds as text.
                }
                try {
                    return timestamp(JSON.readTree(text), path, type);
                } catch (IOException | ConversionException e) {
                    throw mismatch(path, type, node);
                }
            }
            throw mismatch(path, type, node);
        }
        if (node.isIntegralNumber() && hiveMillis) {
            return node.longValue();
        }
        if (!node.isTextual()) {
            throw mismatch(path, type, node);
        }
        String text = node.asText().trim();
        if (hiveMillis) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // Not milliseconds: the patterns may still read it.
            }
        }
        for (DateTimeFormatter format : timestampFormats) {
            try {
                return LocalDateTime.parse(text, format)
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli();
            } catch (DateTimeException e) {
                // Try the next format.
            }
        }
        try {
            return LocalDateTime.parse(text, SPACE_SEPARATED)
                    .toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        } catch (DateTimeException e) {
            throw mismatch(path, type, node);
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema s : schema.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                return s;
            }
        }
        return schema;
    }

    private static ConversionException mismatch(String path, HiveType type, JsonNode node) {
        return new ConversionException(
                "Value " + abbreviate(node) + " of " + path + " cannot be read as " + type + ".");
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
