package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.store.ItemKeys;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key of a table or of one of its indexes: the partition (HASH) attribute, the sort (RANGE) attribute if any,
 * and their types from the AttributeDefinitions; for an index also its projection.
 */
record KeySchema(
        String indexName,
        String hash,
        String range,
        Map<String, String> types,
        boolean global,
        String projectionType,
        List<String> nonKeyAttributes) {

    /** DynamoDB's key size limits (Developer Guide, "Service quotas": partition key 2048 bytes, sort key 1024). */
    private static final int MAX_HASH_BYTES = 2048;

    private static final int MAX_RANGE_BYTES = 1024;

    static KeySchema of(
            String indexName, JsonNode keySchema, Map<String, String> types, boolean global, JsonNode projection) {
        String hash = null;
        String range = null;
        for (JsonNode element : keySchema) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                hash = element.path("AttributeName").asText();
            } else {
                range = element.path("AttributeName").asText();
            }
        }
        List<String> nonKey = new java.util.ArrayList<>();
        projection.path("NonKeyAttributes").forEach(name -> nonKey.add(name.asText()));
        return new KeySchema(
                indexName,
                hash,
                range,
                types,
                global,
                projection.path("ProjectionType").asText("ALL"),
                nonKey);
    }

    boolean isKey(String attribute) {
        return attribute.equals(hash) || attribute.equals(range);
    }

    /** The key attributes of an item that has them (every item of a table; only some of an index). */
    Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(hash, item.get(hash));
        if (range != null) {
            key.put(range, item.get(range));
        }
        return key;
    }

    /** Whether an item appears in this index: it has the index's key attributes, of the index's types. */
    boolean indexes(Map<String, AttributeValue> item) {
        return hasTyped(item, hash) && (range == null || hasTyped(item, range));
    }

    private boolean hasTyped(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value != null && value.type().equals(types.get(attribute));
    }

    String itemKey(String tableId, Map<String, AttributeValue> item) {
        return ItemKeys.key(tableId, item.get(hash), range == null ? null : item.get(range));
    }

    /** A Key parameter: exactly the key attributes, of their types. */
    Map<String, AttributeValue> checkKey(Map<String, AttributeValue> key) {
        if (key.size() != (range == null ? 1 : 2) || !matches(key, hash) || range != null && !matches(key, range)) {
            throw DynamoDbErrors.validation("The provided key element does not match the schema");
        }
        checkKeyValue(hash, key.get(hash), MAX_HASH_BYTES, "hashkey");
        if (range != null) {
            checkKeyValue(range, key.get(range), MAX_RANGE_BYTES, "rangekey");
        }
        return key;
    }

    private boolean matches(Map<String, AttributeValue> key, String attribute) {
        AttributeValue value = key.get(attribute);
        return value != null && value.type().equals(types.get(attribute));
    }

    /** An item to put: it has the key attributes, of their types, and fits this index if it names its keys. */
    void checkItem(Map<String, AttributeValue> item) {
        for (String attribute : range == null ? List.of(hash) : List.of(hash, range)) {
            AttributeValue value = item.get(attribute);
            if (value == null) {
                if (indexName != null) {
                    continue;
                }
                throw DynamoDbErrors.validation(
                        "One or more parameter values were invalid: Missing the key " + attribute + " in the item");
            }
            if (!value.type().equals(types.get(attribute))) {
                throw DynamoDbErrors.validation(
                        indexName == null
                                ? "One or more parameter values were invalid: Type mismatch for key " + attribute
                                        + " expected: " + types.get(attribute) + " actual: " + value.type()
                                : "One or more parameter values were invalid: Type mismatch for Index Key " + attribute
                                        + " Expected: " + types.get(attribute) + " Actual: " + value.type()
                                        + " IndexName: "
                                        + indexName);
            }
            checkKeyValue(
                    attribute,
                    value,
                    attribute.equals(hash) ? MAX_HASH_BYTES : MAX_RANGE_BYTES,
                    attribute.equals(hash) ? "hashkey" : "rangekey");
        }
    }

    private void checkKeyValue(String attribute, AttributeValue value, int maxBytes, String kind) {
        long bytes;
        if (value instanceof AttributeValue.S s) {
            bytes = s.value().getBytes(StandardCharsets.UTF_8).length;
        } else if (value instanceof AttributeValue.B b) {
            bytes = b.value().bytes().length;
        } else {
            return;
        }
        if (bytes == 0) {
            throw DynamoDbErrors.validation("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
                    + " value."
                    + (indexName == null
                            ? " Key: " + attribute
                            : " IndexName: " + indexName + ", IndexKey: " + attribute));
        }
        if (bytes > maxBytes) {
            // DynamoDB's wording, without the space before the number.
            throw DynamoDbErrors.validation("One or more parameter values were invalid: Size of " + kind
                    + " has exceeded the maximum size limit of" + maxBytes + " bytes");
        }
    }

    /** What a Query or Scan of this index returns of an item, with the table's key always included. */
    Map<String, AttributeValue> project(Map<String, AttributeValue> item, KeySchema table) {
        if (indexName == null || projectionType.equals("ALL")) {
            return item;
        }
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (table.isKey(name)
                    || isKey(name)
                    || projectionType.equals("INCLUDE") && nonKeyAttributes.contains(name)) {
                projected.put(name, value);
            }
        });
        return projected;
    }
}
