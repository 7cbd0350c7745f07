package io.millrace.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a statement's Condition block: {@code {"Operator": {"key": value or [values]}}}. Keys of one operator, and
 * operators, are ANDed; values of one key ORed. Values may be strings, numbers or booleans, kept as their text.
 */
final class ConditionParser {

    private static final String FOR_ANY_VALUE = "foranyvalue:";
    private static final String FOR_ALL_VALUES = "forallvalues:";
    private static final String IF_EXISTS = "ifexists";

    private ConditionParser() {}

    static List<Condition> parse(JsonNode block, boolean substitute) {
        if (block == null) {
            return List.of();
        }
        if (!block.isObject()) {
            throw PolicyErrors.syntax();
        }
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> operators = block.fields(); operators.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = operators.next();
            String name = entry.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            Condition.Qualifier qualifier = Condition.Qualifier.NONE;
            if (lower.startsWith(FOR_ANY_VALUE)) {
                qualifier = Condition.Qualifier.FOR_ANY_VALUE;
                lower = lower.substring(FOR_ANY_VALUE.length());
            } else if (lower.startsWith(FOR_ALL_VALUES)) {
                qualifier = Condition.Qualifier.FOR_ALL_VALUES;
                lower = lower.substring(FOR_ALL_VALUES.length());
            }
            boolean ifExists = lower.endsWith(IF_EXISTS);
            if (ifExists) {
                lower = lower.substring(0, lower.length() - IF_EXISTS.length());
            }
            ConditionOperator operator = ConditionOperator.named(lower);
            if (operator == null
                    || (operator == ConditionOperator.NULL && (ifExists || qualifier != Condition.Qualifier.NONE))) {
                throw PolicyErrors.syntax();
            }
            JsonNode keys = entry.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw PolicyErrors.syntax();
            }
            boolean variables = substitute && operator.takesVariables();
            for (Iterator<Map.Entry<String, JsonNode>> fields = keys.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> key = fields.next();
                // A key names its service; tag keys may hold more colons (aws:ResourceTag/aws:cloudformation:...).
                if (key.getKey().indexOf(':') <= 0) {
                    throw PolicyErrors.of(PolicyErrors.ACTION_VENDOR);
                }
                List<PolicyString> values = new ArrayList<>();
                for (String value : values(key.getValue())) {
                    values.add(PolicyString.parse(value, variables));
                }
                conditions.add(new Condition(operator, qualifier, ifExists, key.getKey(), List.copyOf(values)));
            }
        }
        return conditions;
    }

    private static List<String> values(JsonNode node) {
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                values.add(scalar(element));
            }
            return values;
        }
        return List.of(scalar(node));
    }

    private static String scalar(JsonNode node) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw PolicyErrors.syntax();
    }
}
