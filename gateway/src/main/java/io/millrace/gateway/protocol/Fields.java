package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * Typed reads of request members. A member of the wrong JSON type is a SerializationException, as with AWS; an
 * absent or null member reads as null so that {@link Validation} can report it in AWS's words.
 */
public final class Fields {

    private Fields() {}

    public static String text(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw mismatch(member, "a string", node);
        }
        return node.textValue();
    }

    public static Integer integer(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw mismatch(member, "an integer", node);
        }
        return node.intValue();
    }

    public static Boolean bool(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw mismatch(member, "a boolean", node);
        }
        return node.booleanValue();
    }

    /** A blob: a CBOR byte string, or base64 text in JSON. */
    public static byte[] blob(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            byte[] fast = decodeBase64(node.textValue());
            if (fast != null) {
                return fast;
            }
        }
        if (node.isBinary() || node.isTextual()) {
            try {
                byte[] bytes = node.binaryValue();
                return bytes == null ? new byte[0] : bytes;
            } catch (IOException | IllegalArgumentException e) {
                throw ApiException.serialization("Member " + member + " is not valid base64");
            }
        }
        throw mismatch(member, "a blob", node);
    }

    /**
     * Base64 text of whole quads, decoded by the JDK's decoder, or null for text it refuses (whitespace, a bad
     * character or padding) or that does not end a quad: Jackson's decoder then answers for it as it always has. A
     * PutRecords or PutRecordBatch of 500 records in JSON spent two thirds of its time in Jackson's decoder, which
     * reads a character at a time; the JDK's is several times faster on the same text.
     */
    private static byte[] decodeBase64(String text) {
        if ((text.length() & 3) != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A timestamp: epoch seconds with a fraction in JSON, epoch milliseconds in CBOR (the SDK's convention), or an
     * ISO-8601 string, which the AWS CLI may send. A value no instant in epoch milliseconds can hold (NaN, Infinity,
     * {@code 1e999}, a year beyond 292 million) is unreadable: a SerializationException, as AWS's JSON protocol
     * answers for a value it cannot read as the member's type.
     */
    public static Instant timestamp(JsonNode parent, String member, WireFormat format) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                if (format == WireFormat.CBOR && node.isIntegralNumber()) {
                    return Instant.ofEpochMilli(node.bigIntegerValue().longValueExact());
                }
                if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                    throw unreadable(member, node.asText());
                }
                BigDecimal millis = node.decimalValue().movePointRight(3);
                // Checked before rescaling: setScale(0) of 1E+999999999 would build a billion-digit number.
                if (millis.precision() - millis.scale() > 19) {
                    throw unreadable(member, node.asText());
                }
                return Instant.ofEpochMilli(
                        millis.setScale(0, RoundingMode.FLOOR).longValueExact());
            }
            if (node.isTextual()) {
                Instant parsed = Instant.parse(node.textValue());
                parsed.toEpochMilli(); // an instant beyond epoch milliseconds throws ArithmeticException here
                return parsed;
            }
        } catch (ArithmeticException | DateTimeException e) {
            throw unreadable(member, node.asText());
        }
        throw mismatch(member, "a timestamp", node);
    }

    private static ApiException unreadable(String member, String value) {
        return ApiException.serialization("Member " + member + " is not a timestamp: " + value);
    }

    public static JsonNode array(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw mismatch(member, "a list", node);
        }
        return node;
    }

    public static JsonNode object(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw mismatch(member, "a structure", node);
        }
        return node;
    }

    private static ApiException mismatch(String member, String expected, JsonNode found) {
        return ApiException.serialization("Member " + member + " must be " + expected + ", found "
                + found.getNodeType().name().toLowerCase());
    }
}
