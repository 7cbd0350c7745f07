package io.millrace.gateway.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Query-protocol request's form ({@code Action=X&Version=Y&...}): its action, its version, and the other fields as
 * the tree actions read. {@code Name=v} is {@code {"Name":"v"}}; {@code A.B=v} a nested structure;
 * {@code A.member.N...} the elements of list {@code A} in the order of {@code N} (gaps closed, as AWS does);
 * {@code A.entry.N.key=k&A.entry.N.value=v} the map {@code {"A":{"k":"v"}}}. Every scalar stays a string, since the
 * protocol has no types on the wire. A name given twice keeps its first value, as STS does for {@code Action} and
 * {@code Version}.
 */
public final class QueryForm {

    /** SigV4's presigned-URL parameters, which are the signature and not part of a GET request's form. */
    private static final Set<String> PRESIGN_PARAMETERS = Set.of(
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature",
            "X-Amz-Security-Token");

    /** Deepest name accepted, in dot-separated parts: far beyond any AWS shape, short of a deep recursion. */
    private static final int MAX_NAME_PARTS = 64;

    private final String action;
    private final String version;
    private final ObjectNode body;

    private QueryForm(String action, String version, ObjectNode body) {
        this.action = action;
        this.version = version;
        this.body = body;
    }

    /** The form of a {@code POST} with {@code Content-Type: application/x-www-form-urlencoded}. */
    public static QueryForm fromBody(byte[] body) {
        return parse(body, false);
    }

    /** The form of a {@code GET}: its query string, without SigV4's presign parameters. */
    public static QueryForm fromQueryString(String rawQuery) {
        return parse(rawQuery == null ? new byte[0] : rawQuery.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The {@code Action} field, or null when the form has none. */
    public String action() {
        return action;
    }

    /** The {@code Version} field, or null when the form has none. */
    public String version() {
        return version;
    }

    /** Every other field, as a tree. */
    public ObjectNode body() {
        return body;
    }

    private static QueryForm parse(byte[] raw, boolean dropPresign) {
        String action = null;
        String version = null;
        Struct root = new Struct();
        int start = 0;
        while (start <= raw.length) {
            int end = indexOf(raw, (byte) '&', start, raw.length);
            if (end > start) {
                int nameEnd = indexOf(raw, (byte) '=', start, end);
                String name = decode(raw, start, nameEnd);
                String value = nameEnd == end ? "" : decode(raw, nameEnd + 1, end);
                if (name.equals("Action")) {
                    action = action == null ? value : action;
                } else if (name.equals("Version")) {
                    version = version == null ? value : version;
                } else if (!(dropPresign && PRESIGN_PARAMETERS.contains(name))) {
                    add(root, name, value);
                }
            }
            start = end + 1;
        }
        return new QueryForm(action, version, root.toJson());
    }

    /** The first {@code wanted} in {@code raw[from..to)}, or {@code to}. */
    private static int indexOf(byte[] raw, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    /** Form decoding: {@code +} is a space, {@code %XX} a byte, and the bytes must be UTF-8. */
    private static String decode(byte[] raw, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int high = i + 2 < to ? Character.digit(raw[i + 1], 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw[i + 2], 16);
                if (low < 0) {
                    throw QueryErrors.malformed("Malformed percent-encoding in the request's parameters: '"
                            + new String(raw, i, Math.min(3, to - i), StandardCharsets.ISO_8859_1) + "'");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw QueryErrors.malformed("The request's parameters are not UTF-8 once percent-decoded");
        }
    }

    private static void add(Struct root, String name, String value) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > MAX_NAME_PARTS) {
            throw QueryErrors.malformed("Parameter name has more than " + MAX_NAME_PARTS + " parts: " + name);
        }
        place(root, parts, 0, value, name);
    }

    /**
     * Puts {@code value} beneath {@code existing} (what the form built so far at this place, or null) by
     * {@code parts[i..]}, and returns what is at this place afterwards.
     */
    private static Slot place(Slot existing, String[] parts, int i, String value, String name) {
        if (i == parts.length) {
            if (existing == null) {
                return new Scalar(value);
            }
            if (existing instanceof Scalar) {
                return existing;
            }
            throw conflict(name);
        }
        String part = parts[i];
        if (part.equals("member") || part.equals("entry")) {
            boolean map = part.equals("entry");
            if (i + 1 == parts.length || (map && i + 2 == parts.length)) {
                throw QueryErrors.malformed("Parameter " + name + " lacks what follows '" + part + "'");
            }
            Indexed indexed;
            if (existing == null) {
                indexed = new Indexed(map);
            } else if (existing instanceof Indexed found && found.map == map) {
                indexed = found;
            } else {
                throw conflict(name);
            }
            int index = index(parts[i + 1], name);
            indexed.items.put(index, place(indexed.items.get(index), parts, i + 2, value, name));
            return indexed;
        }
        if (part.isEmpty()) {
            throw QueryErrors.malformed("Parameter name has an empty part: '" + name + "'");
        }
        Struct struct;
        if (existing == null) {
            struct = new Struct();
        } else if (existing instanceof Struct found) {
            struct = found;
        } else {
            throw conflict(name);
        }
        struct.fields.put(part, place(struct.fields.get(part), parts, i + 1, value, name));
        return struct;
    }

    private static int index(String part, String name) {
        boolean digits = !part.isEmpty() && part.length() <= 9;
        for (int i = 0; digits && i < part.length(); i++) {
            digits = part.charAt(i) >= '0' && part.charAt(i) <= '9';
        }
        if (!digits) {
            throw QueryErrors.malformed("Parameter " + name + " has an index that is not a number: '" + part + "'");
        }
        return Integer.parseInt(part);
    }

    private static RuntimeException conflict(String name) {
        return QueryErrors.malformed(
                "Parameter " + name + " does not fit the other parameters sent: a value, a structure, a list and a"
                        + " map cannot share a name");
    }

    private sealed interface Slot permits Scalar, Struct, Indexed {
        JsonNode toJson();
    }

    private record Scalar(String value) implements Slot {
        @Override
        public JsonNode toJson() {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    private static final class Struct implements Slot {
        final Map<String, Slot> fields = new LinkedHashMap<>();

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            fields.forEach((name, slot) -> node.set(name, slot.toJson()));
            return node;
        }
    }

    /** A list ({@code member}) or a map ({@code entry}), its items by index. */
    private static final class Indexed implements Slot {
        final boolean map;
        final TreeMap<Integer, Slot> items = new TreeMap<>();

        Indexed(boolean map) {
            this.map = map;
        }

        @Override
        public JsonNode toJson() {
            if (!map) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode(items.size());
                items.values().forEach(item -> list.add(item.toJson()));
                return list;
            }
            ObjectNode entries = JsonNodeFactory.instance.objectNode();
            items.forEach((index, item) -> {
                Slot key = item instanceof Struct entry ? entry.fields.get("key") : null;
                Slot value = item instanceof Struct entry ? entry.fields.get("value") : null;
                if (!(key instanceof Scalar keyText) || value == null) {
                    throw QueryErrors.malformed("Map entry " + index + " needs a key and a value");
                }
                if (!entries.has(keyText.value())) {
                    entries.set(keyText.value(), value.toJson());
                }
            });
            return entries;
        }
    }
}
