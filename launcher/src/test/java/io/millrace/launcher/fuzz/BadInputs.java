package io.millrace.launcher.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.protocol.MarshallingType;

/**
 * A seeded generator of malformed, oversize and wrong-typed requests for one action of a model: the same seed
 * gives the same inputs, so a failure is replayed by its seed. Most inputs are structurally close to valid (the
 * right member names with values of the wrong type, out of range, too long, in the wrong encoding), since those
 * reach deepest into the handlers; the rest are broken bodies and headers.
 */
public final class BadInputs {

    /** One HTTP request to send. */
    public record Input(String kind, Map<String, String> headers, byte[] body) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final String[] STRINGS = {
        "",
        " ",
        "a",
        "shardId-000000000000",
        "shardId-5",
        "TRIM_HORIZON",
        "LATEST",
        "AT_TIMESTAMP",
        "arn:aws:kinesis:us-east-1:000000000000:stream/x",
        "arn:aws:kinesis:::",
        "not valid",
        "../../etc/passwd",
        "%00",
        "\u0000",
        "\uD800",
        "名前",
        "${jndi:ldap://x}",
        "null",
        "-1",
        "99999999999999999999999999999999999999999999999999999999999",
        "1e999",
        "NaN",
        "KMS",
        "NONE",
        "arn:aws:s3:::bucket",
        "ON_DEMAND",
        "PROVISIONED",
        "SQL-1_0",
        "FLINK-1_18",
        "DirectPut"
    };

    private final Random random;
    private final ApiModel model;

    public BadInputs(long seed, ApiModel model) {
        this.random = new Random(seed);
        this.model = model;
    }

    /** The next input for {@code action}. */
    public Input next(ApiModel.Action action) {
        int pick = random.nextInt(100);
        boolean cbor = model.cbor() && random.nextBoolean();
        String target = model.targetPrefix() + "." + action.name();
        if (pick < 55) {
            return encoded("typed members", target, cbor, structure(action.members(), 0, random.nextInt(4) == 0));
        }
        if (pick < 70) {
            return encoded("wrong top-level value", target, cbor, scalarOrArray());
        }
        if (pick < 80) {
            byte[] body = JSON.valueToTree(Map.of()).toString().getBytes(StandardCharsets.UTF_8);
            return new Input("broken headers", brokenHeaders(target, cbor), body);
        }
        if (pick < 90) {
            return new Input("garbage body", headers(target, cbor), garbage());
        }
        if (pick < 95) {
            return new Input("deep nesting", headers(target, false), deep(2_000 + random.nextInt(20_000)));
        }
        return new Input(
                "truncated body",
                headers(target, cbor),
                truncated(encode(cbor, structure(action.members(), 0, false))));
    }

    private Input encoded(String kind, String target, boolean cbor, JsonNode body) {
        return new Input(kind + (cbor ? " (CBOR)" : " (JSON)"), headers(target, cbor), encode(cbor, body));
    }

    private byte[] encode(boolean cbor, JsonNode body) {
        try {
            return cbor ? CBOR.writeValueAsBytes(body) : JSON.writeValueAsBytes(body);
        } catch (Exception unencodable) {
            // A lone surrogate the encoder refuses: send the same mistake hand-written.
            return "{\"a\":\"\\uD800\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private Map<String, String> headers(String target, boolean cbor) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Content-Type", cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-" + model.jsonVersion());
        headers.put("X-Amz-Target", target);
        return headers;
    }

    private Map<String, String> brokenHeaders(String target, boolean cbor) {
        Map<String, String> headers = headers(target, cbor);
        switch (random.nextInt(9)) {
            case 0 -> headers.remove("X-Amz-Target");
            case 1 -> headers.put("X-Amz-Target", target + ".Extra");
            case 2 -> headers.put("X-Amz-Target", "NoSuchService_20200101." + target);
            case 3 -> headers.put("X-Amz-Target", model.targetPrefix() + ".NoSuchAction");
            case 4 -> headers.put("Content-Type", "text/plain");
            case 5 -> headers.remove("Content-Type");
            case 6 ->
                headers.put(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + token(40) + ", SignedHeaders=host;x-amz-date, Signature="
                                + token(64));
            case 7 -> headers.put("X-Amz-Date", token(16));
            default -> headers.put("Content-Encoding", "gzip");
        }
        return headers;
    }

    private JsonNode structure(List<ApiModel.Member> members, int depth, boolean wrongTypes) {
        ObjectNode object = NODES.objectNode();
        for (ApiModel.Member member : members) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            object.set(
                    member.name(),
                    wrongTypes && random.nextInt(3) == 0 ? wrongValue(member.type()) : value(member, depth));
        }
        if (random.nextInt(10) == 0) {
            object.put("UnknownMember" + random.nextInt(100), string(8));
        }
        return object;
    }

    private JsonNode value(ApiModel.Member member, int depth) {
        MarshallingType<?> type = member.type();
        if (type == MarshallingType.STRING) {
            return NODES.textNode(
                    random.nextInt(4) == 0
                            ? STRINGS[random.nextInt(STRINGS.length)]
                            : string(random.nextInt(50) == 0 ? 1 + random.nextInt(300_000) : random.nextInt(300)));
        }
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            long[] edges = {
                0,
                -1,
                1,
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                10_000,
                10_001,
                500,
                501,
                random.nextInt()
            };
            return NODES.numberNode(edges[random.nextInt(edges.length)]);
        }
        if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            double[] edges = {0.0, -0.5, 1e308, -1e308, Double.MIN_VALUE, random.nextDouble()};
            return NODES.numberNode(edges[random.nextInt(edges.length)]);
        }
        if (type == MarshallingType.BOOLEAN) {
            return NODES.booleanNode(random.nextBoolean());
        }
        if (type == MarshallingType.INSTANT) {
            double[] instants = {
                0,
                -1,
                1e12,
                1e15,
                253402300800.0,
                System.currentTimeMillis() / 1000.0 + 3600,
                System.currentTimeMillis() / 1000.0
            };
            return NODES.numberNode(instants[random.nextInt(instants.length)]);
        }
        if (type == MarshallingType.SDK_BYTES) {
            byte[] bytes = new byte[random.nextInt(40) == 0 ? 1 + random.nextInt(1_200_000) : random.nextInt(64)];
            random.nextBytes(bytes);
            return random.nextInt(8) == 0 ? NODES.textNode("not base64 %%%") : NODES.binaryNode(bytes);
        }
        if (type == MarshallingType.SDK_POJO) {
            return depth > 4 ? NODES.objectNode() : structure(member.members(), depth + 1, random.nextInt(3) == 0);
        }
        if (type == MarshallingType.LIST) {
            ArrayNode array = NODES.arrayNode();
            int size = random.nextInt(12) == 0 ? 501 + random.nextInt(600) : random.nextInt(4);
            for (int i = 0; i < size && member.element() != null; i++) {
                array.add(value(member.element(), depth + 1));
            }
            return array;
        }
        if (type == MarshallingType.MAP) {
            ObjectNode map = NODES.objectNode();
            int size = random.nextInt(10) == 0 ? 60 : random.nextInt(4);
            for (int i = 0; i < size && member.element() != null; i++) {
                map.set(
                        random.nextInt(5) == 0 ? STRINGS[random.nextInt(STRINGS.length)] : string(8),
                        value(member.element(), depth + 1));
            }
            return map;
        }
        return wrongValue(type);
    }

    /** A value of another JSON type than the member's. */
    private JsonNode wrongValue(MarshallingType<?> type) {
        List<JsonNode> candidates = new ArrayList<>(List.of(
                NODES.textNode(string(5)),
                NODES.numberNode(23),
                NODES.booleanNode(true),
                NODES.arrayNode().add(1),
                NODES.objectNode().put("x", 1),
                NODES.nullNode(),
                NODES.numberNode(1.5)));
        candidates.removeIf(node -> sameKind(type, node));
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static boolean sameKind(MarshallingType<?> type, JsonNode node) {
        return (type == MarshallingType.STRING && node.isTextual())
                || (type == MarshallingType.BOOLEAN && node.isBoolean())
                || (type == MarshallingType.LIST && node.isArray())
                || ((type == MarshallingType.SDK_POJO || type == MarshallingType.MAP) && node.isObject());
    }

    private JsonNode scalarOrArray() {
        JsonNode[] values = {
            NODES.arrayNode(),
            NODES.textNode("x"),
            NODES.numberNode(1),
            NODES.nullNode(),
            NODES.booleanNode(false),
            NODES.arrayNode().add(NODES.objectNode())
        };
        return values[random.nextInt(values.length)];
    }

    private byte[] garbage() {
        byte[][] fixed = {
            new byte[0],
            "{".getBytes(StandardCharsets.UTF_8),
            "{\"a\":".getBytes(StandardCharsets.UTF_8),
            "{\"a\":1}}".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xbf},
            {(byte) 0xff, (byte) 0xfe},
            "{\"a\":\"\\uD800\"}".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xc3, (byte) 0x28},
            "{\"a\":1e99999999}".getBytes(StandardCharsets.UTF_8)
        };
        if (random.nextBoolean()) {
            return fixed[random.nextInt(fixed.length)];
        }
        byte[] bytes = new byte[1 + random.nextInt(2048)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] deep(int depth) {
        StringBuilder body = new StringBuilder("{\"a\":");
        body.append("[".repeat(depth)).append("]".repeat(depth)).append('}');
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] truncated(byte[] body) {
        if (body.length < 2) {
            return body;
        }
        byte[] cut = new byte[1 + random.nextInt(body.length - 1)];
        System.arraycopy(body, 0, cut, 0, cut.length);
        return cut;
    }

    /** Printable ASCII, as an HTTP client lets through in a header, slashes and equals signs included. */
    private String token(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/=+-_;,: ";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().strip();
    }

    private String string(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(20);
            text.append(
                    kind == 0
                            ? (char) random.nextInt(0x20)
                            : kind == 1 ? (char) (0x80 + random.nextInt(0x3000)) : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
