package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.expression.Condition;
import io.millrace.dynamodb.expression.ExpressionParser;
import io.millrace.dynamodb.expression.LegacyConditions;
import io.millrace.dynamodb.expression.Path;
import io.millrace.dynamodb.expression.Placeholders;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters item actions share: placeholders, a condition in either form (an expression or the legacy
 * parameter, never both), a projection in either form, and DynamoDB's checks on which may be combined.
 */
final class ItemRequests {

    /** DynamoDB's maximum item size, 400 KB (Developer Guide, "Service quotas"). */
    static final long MAX_ITEM_BYTES = 400 * 1024;

    private ItemRequests() {}

    /** The request's placeholders; refuses them when the request has no expression to use them in. */
    static Placeholders placeholders(JsonNode body, String... expressionMembers) {
        boolean anyExpression = false;
        for (String member : expressionMembers) {
            anyExpression |= body.hasNonNull(member);
        }
        Map<String, String> names = new LinkedHashMap<>();
        JsonNode namesNode = body.get("ExpressionAttributeNames");
        if (namesNode != null && !namesNode.isNull()) {
            if (!anyExpression) {
                throw DynamoDbErrors.validation(
                        "ExpressionAttributeNames can only be specified when using" + " expressions");
            }
            if (namesNode.isEmpty()) {
                throw DynamoDbErrors.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = namesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                names.put(entry.getKey(), entry.getValue().asText());
            }
        }
        Map<String, AttributeValue> values = Map.of();
        JsonNode valuesNode = body.get("ExpressionAttributeValues");
        if (valuesNode != null && !valuesNode.isNull()) {
            if (!anyExpression) {
                throw DynamoDbErrors.validation(
                        "ExpressionAttributeValues can only be specified when using" + " expressions");
            }
            if (valuesNode.isEmpty()) {
                throw DynamoDbErrors.validation("ExpressionAttributeValues must not be empty");
            }
            values = AttributeValues.item(valuesNode);
        }
        return new Placeholders(names, values);
    }

    /**
     * A condition given as {@code expressionMember} or as the legacy {@code legacyMember}; null when neither.
     */
    static Condition condition(
            JsonNode body,
            Placeholders placeholders,
            String expressionMember,
            String legacyMember,
            boolean conditionsForm) {
        noMixing(body, List.of(expressionMember), List.of(legacyMember));
        if (body.hasNonNull(expressionMember)) {
            return ExpressionParser.condition(body.get(expressionMember).asText(), expressionMember, placeholders);
        }
        if (body.hasNonNull(legacyMember)) {
            return conditionsForm
                    ? LegacyConditions.conditions(body.get(legacyMember), body.get("ConditionalOperator"))
                    : LegacyConditions.expected(body.get(legacyMember), body.get("ConditionalOperator"));
        }
        return null;
    }

    /** The attributes to return: a ProjectionExpression or AttributesToGet; null for all of them. */
    static List<Path> projection(JsonNode body, Placeholders placeholders) {
        noMixing(body, List.of("ProjectionExpression"), List.of("AttributesToGet"));
        if (body.hasNonNull("ProjectionExpression")) {
            return ExpressionParser.projection(body.get("ProjectionExpression").asText(), placeholders);
        }
        if (body.hasNonNull("AttributesToGet")) {
            List<Path> paths = new ArrayList<>();
            body.get("AttributesToGet").forEach(name -> paths.add(Path.of(name.asText())));
            return paths;
        }
        return null;
    }

    /** DynamoDB refuses a request that mixes expression parameters with the legacy ones. */
    static void noMixing(JsonNode body, List<String> expressionMembers, List<String> legacyMembers) {
        List<String> expressions =
                expressionMembers.stream().filter(body::hasNonNull).toList();
        List<String> legacy = legacyMembers.stream().filter(body::hasNonNull).toList();
        if (!expressions.isEmpty() && !legacy.isEmpty()) {
            throw DynamoDbErrors.validation("Can not use both expression and non-expression parameters in the same"
                    + " request: Non-expression parameters: {" + String.join(", ", legacy) + "} Expression"
                    + " parameters: {" + String.join(", ", expressions) + "}");
        }
    }

    static void checkSize(Map<String, AttributeValue> item) {
        if (AttributeValues.size(item) > MAX_ITEM_BYTES) {
            throw DynamoDbErrors.itemTooLarge();
        }
    }

    /** An item to write: within the size limit, with its key, and of the right types for the indexes it is in. */
    static void checkItem(TableDefinition table, Map<String, AttributeValue> item) {
        table.key().checkItem(item);
        table.indexes().values().forEach(index -> index.checkItem(item));
        checkSize(item);
    }

    static String returnValues(JsonNode body, List<String> allowed) {
        String returnValues = body.path("ReturnValues").asText("NONE");
        if (!allowed.contains(returnValues)) {
            if (List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
                    .contains(returnValues)) {
                throw DynamoDbErrors.validation("ReturnValues can only be ALL_OLD or NONE");
            }
            throw DynamoDbErrors.validation("1 validation error detected: Value '" + returnValues + "' at"
                    + " 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW,"
                    + " UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }
        return returnValues;
    }

    static Map<String, AttributeValue> key(JsonNode body) {
        JsonNode key = body.get("Key");
        if (key == null || key.isNull()) {
            throw DynamoDbErrors.validation("1 validation error detected: Value null at 'key' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        return AttributeValues.item(key);
    }
}
