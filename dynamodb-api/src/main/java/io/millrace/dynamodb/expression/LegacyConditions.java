package io.millrace.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The legacy conditional parameters (Expected, KeyConditions, QueryFilter, ScanFilter, with ConditionalOperator) as
 * the same syntax tree an expression gives: the KCL still writes its leases with Expected and AttributeUpdates.
 */
public final class LegacyConditions {

    private LegacyConditions() {}

    /** Expected: per attribute, {@code Value}/{@code Exists}, or {@code ComparisonOperator}/{@code AttributeValueList}. */
    public static Condition expected(JsonNode expected, JsonNode conditionalOperator) {
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            boolean hasValue = spec.hasNonNull("Value");
            JsonNode exists = spec.get("Exists");
            if (spec.hasNonNull("ComparisonOperator")) {
                if (hasValue || exists != null && !exists.isNull()) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Exists and Value"
                            + " cannot be used with ComparisonOperator and AttributeValueList for Attribute: "
                            + name);
                }
                conditions.add(comparison(name, spec));
            } else if (exists != null && !exists.isNull() && !exists.asBoolean()) {
                if (hasValue) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Value cannot be used"
                            + " when Exists is false for Attribute: " + name);
                }
                conditions.add(function("attribute_not_exists", name));
            } else {
                if (!hasValue) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Value must be"
                            + " provided when Exists is true for Attribute: " + name);
                }
                conditions.add(new Condition.Compare(
                        path(name),
                        Condition.Comparator.EQ,
                        new Operand.Constant(AttributeValues.value(spec.get("Value")))));
            }
        }
        return combine(conditions, conditionalOperator);
    }

    /** KeyConditions, QueryFilter, ScanFilter: per attribute, ComparisonOperator and AttributeValueList. */
    public static Condition conditions(JsonNode conditions, JsonNode conditionalOperator) {
        List<Condition> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = conditions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            all.add(comparison(entry.getKey(), entry.getValue()));
        }
        return combine(all, conditionalOperator);
    }

    private static Condition combine(List<Condition> conditions, JsonNode conditionalOperator) {
        if (conditions.isEmpty()) {
            return null;
        }
        boolean or = conditionalOperator != null && "OR".equals(conditionalOperator.asText());
        if (conditionalOperator != null
                && !conditionalOperator.isNull()
                && !List.of("AND", "OR").contains(conditionalOperator.asText())) {
            throw DynamoDbErrors.validation("1 validation error detected: Value '" + conditionalOperator.asText()
                    + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [OR, AND]");
        }
        Condition result = conditions.get(0);
        for (Condition next : conditions.subList(1, conditions.size())) {
            result = or ? new Condition.Or(result, next) : new Condition.And(result, next);
        }
        return result;
    }

    private static Condition comparison(String name, JsonNode spec) {
        String operator = spec.path("ComparisonOperator").asText("");
        List<AttributeValue> arguments = new ArrayList<>();
        spec.path("AttributeValueList").forEach(value -> arguments.add(AttributeValues.value(value)));
        Operand path = path(name);
        switch (operator) {
            case "NULL":
                count(operator, arguments, 0);
                return function("attribute_not_exists", name);
            case "NOT_NULL":
                count(operator, arguments, 0);
                return function("attribute_exists", name);
            case "IN":
                if (arguments.isEmpty()) {
                    throw wrongCount(operator);
                }
                return new Condition.In(
                        path,
                        arguments.stream()
                                .map(v -> (Operand) new Operand.Constant(v))
                                .toList());
            case "BETWEEN":
                count(operator, arguments, 2);
                return new Condition.Between(
                        path, new Operand.Constant(arguments.get(0)), new Operand.Constant(arguments.get(1)));
            case "BEGINS_WITH":
                count(operator, arguments, 1);
                return new Condition.Function("begins_with", List.of(path, new Operand.Constant(arguments.get(0))));
            case "CONTAINS":
                count(operator, arguments, 1);
                return new Condition.Function("contains", List.of(path, new Operand.Constant(arguments.get(0))));
            case "NOT_CONTAINS":
                count(operator, arguments, 1);
                return new Condition.Not(
                        new Condition.Function("contains", List.of(path, new Operand.Constant(arguments.get(0)))));
            default:
                Condition.Comparator comparator;
                try {
                    comparator = Condition.Comparator.valueOf(operator);
                } catch (IllegalArgumentException e) {
                    throw DynamoDbErrors.validation("1 validation error detected: Value '" + operator + "' at"
                            + " 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value"
                            + " set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE,"
                            + " CONTAINS]");
                }
                count(operator, arguments, 1);
                return new Condition.Compare(path, comparator, new Operand.Constant(arguments.get(0)));
        }
    }

    private static void count(String operator, List<AttributeValue> arguments, int expected) {
        if (arguments.size() != expected) {
            throw wrongCount(operator);
        }
    }

    private static RuntimeException wrongCount(String operator) {
        return DynamoDbErrors.validation("One or more parameter values were invalid: Invalid number of argument(s)"
                + " for the " + operator + " ComparisonOperator");
    }

    private static Operand path(String name) {
        return new Operand.PathOperand(Path.of(name));
    }

    private static Condition function(String function, String name) {
        return new Condition.Function(function, List.of(path(name)));
    }

    /** AttributeUpdates: per attribute, Action PUT (the default), ADD or DELETE, with or without a Value. */
    public static UpdateExpression attributeUpdates(JsonNode updates) {
        List<UpdateExpression.Set> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<UpdateExpression.Add> adds = new ArrayList<>();
        List<UpdateExpression.Delete> deletes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Path path = Path.of(entry.getKey());
            JsonNode spec = entry.getValue();
            String action = spec.path("Action").asText("PUT");
            AttributeValue value = spec.hasNonNull("Value") ? AttributeValues.value(spec.get("Value")) : null;
            switch (action) {
                case "PUT" -> {
                    if (value == null) {
                        throw DynamoDbErrors.validation("One or more parameter values were invalid: Only DELETE"
                                + " action is allowed when no attribute value is specified");
                    }
                    sets.add(new UpdateExpression.Set(path, new Operand.Constant(value)));
                }
                case "ADD" -> {
                    if (value == null) {
                        throw DynamoDbErrors.validation("One or more parameter values were invalid: Only DELETE"
                                + " action is allowed when no attribute value is specified");
                    }
                    adds.add(new UpdateExpression.Add(path, new Operand.Constant(value)));
                }
                case "DELETE" -> {
                    if (value == null) {
                        removes.add(path);
                    } else {
                        deletes.add(new UpdateExpression.Delete(path, new Operand.Constant(value)));
                    }
                }
                default ->
                    throw DynamoDbErrors.validation("1 validation error detected: Value '" + action
                            + "' at 'attributeUpdates." + entry.getKey() + ".member.action' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }
        }
        return new UpdateExpression(sets, removes, adds, deletes, true);
    }
}
