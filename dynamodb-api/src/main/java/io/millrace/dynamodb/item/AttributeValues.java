package io.millrace.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB JSON ({@code {"S": "x"}}, {@code {"N": "1"}}, ...) to {@link AttributeValue} and back, with the checks
 * DynamoDB makes on every value it is given: exactly one type, valid numbers, non-empty sets without duplicates.
 */
public final class AttributeValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValues() {}

    /** An item (or key) map: {@code {"name": {"S": "..."}, ...}}. */
    public static Map<String, AttributeValue> item(JsonNode node) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return item;
        }
        if (!node.isObject()) {
            throw DynamoDbErrors.serialization("Start of structure or map found where not expected");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), value(field.getValue()));
        }
        return item;
    }

    public static AttributeValue value(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw DynamoDbErrors.serialization("Unexpected value type in payload");
        }
        AttributeValue value = null;
        int types = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                continue;
            }
            types++;
            value = typed(field.getKey(), field.getValue());
        }
        if (types != 1) {
            throw DynamoDbErrors.validation(
                    types == 0
                            ? "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
                            : "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the"
                                    + " supported datatypes");
        }
        return value;
    }

    private static AttributeValue typed(String type, JsonNode node) {
        switch (type) {
            case "S":
                return new AttributeValue.S(text(node));
            case "N":
                return new AttributeValue.N(Numbers.parse(text(node)));
            case "B":
                return new AttributeValue.B(bytes(node));
            case "BOOL":
                if (!node.isBoolean()) {
                    throw DynamoDbErrors.serialization("Unexpected value type in payload");
                }
                return new AttributeValue.Bool(node.booleanValue());
            case "NULL":
                if (!node.isBoolean() || !node.booleanValue()) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Null attribute value"
                            + " types must have the value of true");
                }
                return new AttributeValue.Null();
            case "SS": {
                Set<String> set = new LinkedHashSet<>();
                for (JsonNode element : array(node, "string")) {
                    if (!set.add(text(element))) {
                        throw duplicates();
                    }
                }
                return new AttributeValue.SS(set);
            }
            case "NS": {
                Set<BigDecimal> set = new LinkedHashSet<>();
                for (JsonNode element : array(node, "number")) {
                    if (!set.add(Numbers.parse(text(element)))) {
                        throw duplicates();
                    }
                }
                return new AttributeValue.NS(set);
            }
            case "BS": {
                Set<AttributeValue.Bytes> set = new LinkedHashSet<>();
                for (JsonNode element : array(node, "binary")) {
                    if (!set.add(bytes(element))) {
                        throw duplicates();
                    }
                }
                return new AttributeValue.BS(set);
            }
            case "L": {
                if (!node.isArray()) {
                    throw DynamoDbErrors.serialization("Unexpected value type in payload");
                }
                List<AttributeValue> list = new ArrayList<>();
                node.forEach(element -> list.add(value(element)));
                return new AttributeValue.L(list);
            }
            case "M":
                return new AttributeValue.M(item(node));
            default:
                throw DynamoDbErrors.serialization("Unknown attribute value type " + type);
        }
    }

    private static JsonNode array(JsonNode node, String kind) {
        if (!node.isArray()) {
            throw DynamoDbErrors.serialization("Unexpected value type in payload");
        }
        if (node.isEmpty()) {
            // DynamoDB's wording, double space included.
            throw DynamoDbErrors.validation(
                    "One or more parameter values were invalid: An " + kind + " set  may not be empty");
        }
        return node;
    }

    private static RuntimeException duplicates() {
        return DynamoDbErrors.validation(
                "One or more parameter values were invalid: Input collection contains" + " duplicates");
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw DynamoDbErrors.serialization("Unexpected value type in payload");
        }
        return node.textValue();
    }

    private static AttributeValue.Bytes bytes(JsonNode node) {
        try {
            if (node.isBinary()) {
                return new AttributeValue.Bytes(node.binaryValue());
            }
            return new AttributeValue.Bytes(Base64.getDecoder().decode(text(node)));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw DynamoDbErrors.serialization("Base64 encoded length is expected a multiple of 4 bytes");
        }
    }

    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    public static ObjectNode toJson(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof AttributeValue.S s) {
            node.put("S", s.value());
        } else if (value instanceof AttributeValue.N n) {
            node.put("N", n.text());
        } else if (value instanceof AttributeValue.B b) {
            node.put("B", b.value().bytes());
        } else if (value instanceof AttributeValue.Bool bool) {
            node.put("BOOL", bool.value());
        } else if (value instanceof AttributeValue.Null) {
            node.put("NULL", true);
        } else if (value instanceof AttributeValue.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.values().forEach(array::add);
        } else if (value instanceof AttributeValue.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.values().forEach(n -> array.add(n.toPlainString()));
        } else if (value instanceof AttributeValue.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.values().forEach(b -> array.add(b.bytes()));
        } else if (value instanceof AttributeValue.L l) {
            ArrayNode array = node.putArray("L");
            l.values().forEach(element -> array.add(toJson(element)));
        } else if (value instanceof AttributeValue.M m) {
            node.set("M", toJson(m.values()));
        }
        return node;
    }

    /** A value as DynamoDB quotes it in messages: {@code {S:x}}, {@code {N:1}}. */
    public static String describe(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return "{S:" + s.value() + ",}";
        }
        if (value instanceof AttributeValue.N n) {
            return "{N:" + n.text() + ",}";
        }
        return "{" + value.type() + ":...}";
    }

    /**
     * DynamoDB's size of an item (API reference, "Item sizes"): the UTF-8 length of each name plus its value; a
     * number takes about one byte per two significant digits plus one, a list or map three bytes plus one per
     * element, on top of the elements.
     */
    public static long size(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
            size += utf8(entry.getKey()) + size(entry.getValue());
        }
        return size;
    }

    static long size(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return utf8(s.value());
        }
        if (value instanceof AttributeValue.N n) {
            return numberSize(n.value());
        }
        if (value instanceof AttributeValue.B b) {
            return b.value().bytes().length;
        }
        if (value instanceof AttributeValue.Bool || value instanceof AttributeValue.Null) {
            return 1;
        }
        if (value instanceof AttributeValue.SS ss) {
            return ss.values().stream().mapToLong(AttributeValues::utf8).sum();
        }
        if (value instanceof AttributeValue.NS ns) {
            return ns.values().stream().mapToLong(AttributeValues::numberSize).sum();
        }
        if (value instanceof AttributeValue.BS bs) {
            return bs.values().stream().mapToLong(b -> b.bytes().length).sum();
        }
        if (value instanceof AttributeValue.L l) {
            return 3
                    + l.values().stream()
                            .mapToLong(element -> 1 + size(element))
                            .sum();
        }
        AttributeValue.M m = (AttributeValue.M) value;
        return 3
                + m.values().entrySet().stream()
                        .mapToLong(entry -> 1 + utf8(entry.getKey()) + size(entry.getValue()))
                        .sum();
    }

    private static long numberSize(BigDecimal number) {
        return (number.precision() + 1) / 2 + 1;
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
