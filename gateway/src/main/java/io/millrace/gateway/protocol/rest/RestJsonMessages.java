package io.millrace.gateway.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.RestRoute;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The rest-json protocol's messages, without HTTP: a request's path labels, query string, headers and body made into
 * the one tree an action reads, and the action's answer split into status, headers and body as its route binds them.
 * Errors are answered as Lambda does: the type in {@code x-amzn-ErrorType}, the body {@code {"Type": "User" or
 * "Service", "message": ...}}.
 */
public final class RestJsonMessages {

    public static final String CONTENT_TYPE = "application/json";

    /** An answer: its status, the headers the route binds, and the body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {}

    private final WireCodec codec;

    public RestJsonMessages(WireCodec codec) {
        this.codec = codec;
    }

    /**
     * The input tree of a call.
     *
     * @param rawQuery the query string without {@code ?} (empty when none)
     * @param header   a request header by name, in any case; null when absent
     */
    public ObjectNode request(RestRouter.Match match, String rawQuery, Function<String, String> header, byte[] body) {
        RestRoute route = match.route();
        ObjectNode tree;
        if (route.payload() != null) {
            tree = WireCodec.object();
            if (body.length > 0) {
                tree.put(route.payload(), body);
            }
        } else {
            tree = (ObjectNode) codec.read(WireFormat.REST_JSON, body);
        }
        for (Map.Entry<String, String> label : match.labels().entrySet()) {
            tree.put(label.getKey(), percentDecode(label.getValue()));
        }
        Map<String, String> query = parseQuery(rawQuery);
        route.queryBindings().forEach((parameter, binding) -> {
            String value = query.get(parameter);
            if (value == null) {
                return;
            }
            if (binding.type() == RestRoute.QueryType.INTEGER) {
                try {
                    tree.put(binding.member(), Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw ApiException.serialization(
                            "Query parameter " + parameter + " must be an integer, got '" + value + "'");
                }
            } else {
                tree.put(binding.member(), value);
            }
        });
        route.headerBindings().forEach((name, member) -> {
            String value = header.apply(name);
            if (value != null) {
                tree.put(member, value);
            }
        });
        return tree;
    }

    /** The answer to {@code output}, the tree the action returned. */
    public Answer answer(RestRoute route, JsonNode output) {
        ObjectNode rest = output.isObject() ? ((ObjectNode) output).deepCopy() : WireCodec.object();
        int status = route.successStatus();
        if (route.outputStatus() != null && rest.has(route.outputStatus())) {
            status = rest.remove(route.outputStatus()).asInt(status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        route.outputHeaders().forEach((member, name) -> {
            JsonNode value = rest.remove(member);
            if (value != null && !value.isNull()) {
                headers.put(name, value.asText());
            }
        });
        byte[] body;
        if (route.outputPayload() != null) {
            JsonNode payload = rest.remove(route.outputPayload());
            body = payload == null || payload.isNull() ? new byte[0] : bytesOf(payload);
        } else {
            body = rest.isEmpty() ? new byte[0] : codec.write(WireFormat.REST_JSON, rest);
        }
        return new Answer(status, headers, body);
    }

    /** Lambda's error body: {@code Type} is {@code User} for a client's error, {@code Service} for ours. */
    public byte[] error(ApiException error) {
        ObjectNode body = WireCodec.object();
        body.put("Type", error.isClientError() ? "User" : "Service");
        body.put("message", error.getMessage());
        error.members().forEach(body::put);
        return codec.write(WireFormat.REST_JSON, body);
    }

    private static byte[] bytesOf(JsonNode payload) {
        try {
            return payload.isBinary()
                    ? payload.binaryValue()
                    : payload.isTextual()
                            ? payload.textValue().getBytes(StandardCharsets.UTF_8)
                            : payload.toString().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A binary node has its bytes", e);
        }
    }

    /** Name and value of every parameter, percent-decoded; the first of a repeated name wins. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String formDecode(String text) {
        return percentDecode(text.replace('+', ' '));
    }

    /** RFC 3986 percent-decoding as UTF-8; a {@code +} stays a plus in a path. Malformed escapes are refused. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw ApiException.serialization("Malformed percent-encoding in the request URI");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw ApiException.serialization("Malformed percent-encoding in the request URI");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
