package io.millrace.gateway.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
            return base64(node.textValue(), member);
        }
        if (node.isBinary()) {
            try {
                byte[] bytes = node.binaryValue();
                return bytes == null ? new byte[0] : bytes;
            } catch (IOException e) {
                throw notBase64(member);
            }
        }
        throw mismatch(member, "a blob", node);
    }

    /**
     * The blob {@code member} whose value is the parser's current token (see {@link BodyReader}), read as
     * {@link #blob(JsonNode, String)} reads it from a tree, without the tree: base64 text that the JDK's decoder takes
     * is decoded straight from the request's bytes into the blob's own array (no {@code String}, no copy, the
     * tokenizer never reads it: see {@link InPlaceJsonFactory}); other text is decoded as the tree's text is, a CBOR
     * byte string is read as it is. The parser is left on the value's last token.
     */
    public static byte[] blob(JsonParser parser, String member) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            byte[] inPlace = parser instanceof InPlaceJsonFactory.InPlaceParser json ? json.base64InPlace() : null;
            return inPlace != null ? inPlace : base64(parser.getText(), member);
        }
        if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
            byte[] bytes = parser.getBinaryValue();
            return bytes == null ? new byte[0] : bytes;
        }
        // null, or a value of another type: as the tree reads it (null, or its SerializationException).
        ObjectNode one = JsonNodeFactory.instance.objectNode();
        one.set(member, parser.readValueAsTree());
        return blob(one, member);
    }

    /**
     * Base64 text as a blob. Text of whole quads goes to the JDK's decoder, which a PutRecords or PutRecordBatch of
     * 500 records in JSON spent two thirds of its time in Jackson's (a character at a time) before; text it refuses
     * (whitespace, a bad character or padding) or that does not end a quad is decoded by Jackson's, which decides,
     * as it always has, what is accepted.
     */
    static byte[] base64(String text, String member) {
        if ((text.length() & 3) == 0) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                // Jackson's decoder decides below.
            }
        }
        try {
            byte[] bytes = new TextNode(text).binaryValue();
            return bytes == null ? new byte[0] : bytes;
        } catch (IOException | IllegalArgumentException e) {
            throw notBase64(member);
        }
    }

    private static ApiException notBase64(String member) {
        return ApiException.serialization("Member " + member + " is not valid base64");
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
