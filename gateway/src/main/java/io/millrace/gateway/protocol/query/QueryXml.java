package io.millrace.gateway.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.gateway.protocol.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The XML answers of AWS's Query protocol. A success is {@code <XResponse xmlns=NS><XResult>...</XResult>
 * <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></XResponse>}, the Result left out for an output
 * without members, as AWS does; an error is {@code <ErrorResponse xmlns=NS><Error><Type>Sender|Receiver</Type>
 * <Code/><Message/></Error><RequestId/></ErrorResponse>}.
 *
 * <p>The output tree is written as the SDKs parse it: objects as nested elements, arrays as {@code <member>}
 * elements, {@link Instant} POJO nodes as ISO 8601 in UTC, binary as base64, booleans and numbers as their text,
 * {@link QueryMap}s as {@code <entry>}s; null members are left out.
 */
public final class QueryXml {

    private QueryXml() {}

    public static byte[] response(String action, JsonNode output, String namespace, String requestId) {
        StringBuilder out = new StringBuilder(256);
        out.append('<').append(action).append("Response xmlns=\"");
        escape(namespace, out);
        out.append("\">");
        if (output != null && !(output.isObject() && output.isEmpty()) && !output.isNull() && !output.isMissingNode()) {
            out.append('<').append(action).append("Result>");
            children(output, out);
            out.append("</").append(action).append("Result>");
        }
        out.append("<ResponseMetadata><RequestId>");
        escape(requestId, out);
        out.append("</RequestId></ResponseMetadata></").append(action).append("Response>");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An error, Sender for the client's fault (4xx) and Receiver for ours (5xx). */
    public static byte[] error(ApiException error, String namespace, String requestId) {
        StringBuilder out = new StringBuilder(256);
        out.append("<ErrorResponse xmlns=\"");
        escape(namespace, out);
        out.append("\"><Error><Type>").append(error.isClientError() ? "Sender" : "Receiver");
        out.append("</Type><Code>");
        escape(error.type(), out);
        out.append("</Code><Message>");
        escape(error.getMessage() == null ? "" : error.getMessage(), out);
        out.append("</Message></Error><RequestId>");
        escape(requestId, out);
        out.append("</RequestId></ErrorResponse>");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The content of a structure's element: one element per member that is not null. */
    private static void children(JsonNode structure, StringBuilder out) {
        Iterator<Map.Entry<String, JsonNode>> fields = structure.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            element(field.getKey(), field.getValue(), out);
        }
    }

    private static void element(String name, JsonNode value, StringBuilder out) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        out.append('<').append(name).append('>');
        content(value, out);
        out.append("</").append(name).append('>');
    }

    private static void content(JsonNode value, StringBuilder out) {
        if (value.isObject()) {
            children(value, out);
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                element("member", item, out);
            }
        } else if (value.isBinary()) {
            out.append(Base64.getEncoder().encodeToString(binary(value)));
        } else if (value instanceof POJONode pojo) {
            pojo(pojo.getPojo(), out);
        } else {
            // Text, numbers as the action wrote them, booleans as true/false.
            escape(value.asText(), out);
        }
    }

    private static void pojo(Object value, StringBuilder out) {
        if (value instanceof Instant instant) {
            // ISO 8601 with milliseconds when there are any, as STS writes Expiration (2011-07-15T23:28:33.359Z).
            out.append(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS)));
        } else if (value instanceof QueryMap map) {
            Iterator<Map.Entry<String, JsonNode>> entries = map.entries().fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                out.append("<entry><key>");
                escape(entry.getKey(), out);
                out.append("</key>");
                element("value", entry.getValue(), out);
                out.append("</entry>");
            }
        } else if (value instanceof byte[] bytes) {
            out.append(Base64.getEncoder().encodeToString(bytes));
        } else {
            throw new IllegalStateException("No Query XML form for a " + (value == null ? "null" : value.getClass()));
        }
    }

    private static byte[] binary(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable binary node", e);
        }
    }

    /**
     * XML text: markup characters as entities, a carriage return as a character reference (a parser would turn a
     * bare one into a line feed), and what XML 1.0 cannot carry at all (other control characters, lone
     * surrogates) as U+FFFD.
     */
    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#xD;");
                case '\t', '\n' -> out.append(c);
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
