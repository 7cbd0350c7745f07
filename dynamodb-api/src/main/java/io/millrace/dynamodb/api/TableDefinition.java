package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.schemas.dynamodb.TableMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored table read for serving items: its id, its key schema and its indexes' key schemas by name. */
record TableDefinition(TableMetadata metadata, ObjectNode definition, KeySchema key, Map<String, KeySchema> indexes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static TableDefinition of(TableMetadata metadata) {
        ObjectNode definition = parse(metadata.getDefinition());
        Map<String, String> types = new LinkedHashMap<>();
        definition
                .path("AttributeDefinitions")
                .forEach(attribute -> types.put(
                        attribute.path("AttributeName").asText(),
                        attribute.path("AttributeType").asText()));
        KeySchema key = KeySchema.of(null, definition.path("KeySchema"), types, false, JSON.createObjectNode());
        Map<String, KeySchema> indexes = new LinkedHashMap<>();
        for (String kind : new String[] {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
            for (JsonNode index : definition.path(kind)) {
                String name = index.path("IndexName").asText();
                indexes.put(
                        name,
                        KeySchema.of(
                                name,
                                index.path("KeySchema"),
                                types,
                                kind.startsWith("Global"),
                                index.path("Projection")));
            }
        }
        return new TableDefinition(metadata, definition, key, indexes);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return metadata.getName();
    }

    String tableId() {
        return metadata.getTableId();
    }

    /** The index a Query or Scan names, or the table's own key when it names none. */
    KeySchema index(String indexName) {
        if (indexName == null) {
            return key;
        }
        KeySchema index = indexes.get(indexName);
        if (index == null) {
            throw DynamoDbErrors.validation("The table does not have the specified index: " + indexName);
        }
        return index;
    }
}
