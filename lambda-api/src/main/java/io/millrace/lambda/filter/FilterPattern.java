package io.millrace.lambda.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code FilterCriteria.Filters[].Pattern} of an event source mapping, compiled once: Lambda's filter rule syntax
 * (developer guide, "Control which events Lambda sends to your function", the EventBridge pattern language). An
 * object's fields must all match (and), {@code "$or": [pattern, ...]} any of its patterns; a field's array lists
 * the rules of which one must hold (or): a value (string, number compared as a number, boolean, {@code null}, the
 * empty string), or an object with one of {@code prefix}, {@code suffix}, {@code equals-ignore-case},
 * {@code anything-but}, {@code numeric}, {@code exists}, {@code wildcard}. A field holding a JSON array matches when
 * one of its elements does; a missing field matches only {@code exists: false}.
 */
public final class FilterPattern {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A compiled part of a pattern, tested against a value of the document ({@code null} when missing). */
    private interface Node {
        boolean matches(JsonNode value);
    }

    private final Node root;
    private final boolean readsData;

    private FilterPattern(Node root, boolean readsData) {
        this.root = root;
        this.readsData = readsData;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong, for a pattern that is not valid filter rule syntax
     */
    public static FilterPattern parse(String pattern) {
        JsonNode tree;
        try {
            tree = JSON.readTree(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the pattern is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("the pattern is not a JSON object");
        }
        return new FilterPattern(object(tree), tree.has("data") || tree.has("$or"));
    }

    /** Whether the pattern may look at the record's {@code data} (so that it needs to be parsed). */
    public boolean readsData() {
        return readsData;
    }

    public boolean matches(JsonNode document) {
        return root.matches(document);
    }

    private static Node object(JsonNode pattern) {
        Map<String, Node> fields = new LinkedHashMap<>();
        List<List<Node>> alternatives = new ArrayList<>();
        var it = pattern.fields();
        while (it.hasNext()) {
            var field = it.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or")) {
                if (!value.isArray() || value.isEmpty()) {
                    throw new IllegalArgumentException("$or takes an array of patterns");
                }
                List<Node> any = new ArrayList<>();
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw new IllegalArgumentException("$or takes an array of patterns");
                    }
                    any.add(object(alternative));
                }
                alternatives.add(any);
            } else if (value.isObject()) {
                fields.put(field.getKey(), object(value));
            } else if (value.isArray()) {
                fields.put(field.getKey(), leaf(field.getKey(), value));
            } else {
                throw new IllegalArgumentException(
                        "the value of " + field.getKey() + " must be an object or an array of rules");
            }
        }
        return value -> {
            JsonNode object = value != null && value.isObject() ? value : null;
            for (Map.Entry<String, Node> field : fields.entrySet()) {
                if (!field.getValue().matches(object == null ? null : object.get(field.getKey()))) {
                    return false;
                }
            }
            for (List<Node> any : alternatives) {
                if (any.stream().noneMatch(node -> node.matches(value))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Node leaf(String name, JsonNode rules) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("the rules of " + name + " are an empty array");
        }
        List<Rule> compiled = new ArrayList<>();
        for (JsonNode rule : rules) {
            compiled.add(Rule.of(name, rule));
        }
        return value -> {
            if (value == null) {
                return compiled.stream().anyMatch(rule -> rule.exists() == Boolean.FALSE);
            }
            if (value.isObject()) {
                // Rules apply to leaves only (EventBridge: exists does not match an intermediate node either).
                return false;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (!element.isContainerNode() && compiled.stream().anyMatch(rule -> rule.test(element))) {
                        return true;
                    }
                }
                return false;
            }
            return compiled.stream().anyMatch(rule -> rule.test(value));
        };
    }

    /** One rule of a field's array. */
    private interface Rule {

        /** {@code exists: true/false}, or null for every other rule. */
        default Boolean exists() {
            return null;
        }

        /** Tests a present leaf value (never a container). */
        boolean test(JsonNode value);

        static Rule of(String name, JsonNode rule) {
            if (rule.isTextual() || rule.isNumber() || rule.isBoolean() || rule.isNull()) {
                return value -> equal(rule, value);
            }
            if (!rule.isObject() || rule.size() != 1) {
                throw new IllegalArgumentException(
                        "a rule of " + name + " must be a value or an object with one operator");
            }
            String operator = rule.fieldNames().next();
            JsonNode operand = rule.get(operator);
            return switch (operator) {
                case "prefix" -> affix(name, operand, true);
                case "suffix" -> affix(name, operand, false);
                case "equals-ignore-case" -> {
                    String expected = text(name, operator, operand);
                    yield value -> value.isTextual() && value.textValue().equalsIgnoreCase(expected);
                }
                case "wildcard" -> {
                    String expected = text(name, operator, operand);
                    yield value -> value.isTextual() && Wildcard.matches(expected, value.textValue());
                }
                case "anything-but" -> anythingBut(name, operand);
                case "numeric" -> NumericRange.parse(name, operand)::test;
                case "exists" -> {
                    if (!operand.isBoolean()) {
                        throw new IllegalArgumentException("exists of " + name + " takes true or false");
                    }
                    boolean expected = operand.booleanValue();
                    yield new Rule() {
                        @Override
                        public Boolean exists() {
                            return expected;
                        }

                        @Override
                        public boolean test(JsonNode value) {
                            return expected;
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown operator " + operator + " for " + name);
            };
        }

        private static Rule affix(String name, JsonNode operand, boolean prefix) {
            boolean ignoreCase = operand.isObject()
                    && operand.size() == 1
                    && operand.has("equals-ignore-case")
                    && operand.get("equals-ignore-case").isTextual();
            String expected = ignoreCase
                    ? operand.get("equals-ignore-case").textValue().toLowerCase(Locale.ROOT)
                    : text(name, prefix ? "prefix" : "suffix", operand);
            return value -> {
                if (!value.isTextual()) {
                    return false;
                }
                String text = ignoreCase ? value.textValue().toLowerCase(Locale.ROOT) : value.textValue();
                return prefix ? text.startsWith(expected) : text.endsWith(expected);
            };
        }

        private static Rule anythingBut(String name, JsonNode operand) {
            if (operand.isTextual() || operand.isNumber()) {
                return value -> !equal(operand, value);
            }
            if (operand.isArray() && !operand.isEmpty()) {
                for (JsonNode excluded : operand) {
                    if (!excluded.isTextual() && !excluded.isNumber()) {
                        throw new IllegalArgumentException("anything-but of " + name + " lists strings or numbers");
                    }
                }
                return value -> {
                    for (JsonNode excluded : operand) {
                        if (equal(excluded, value)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
            if (operand.isObject() && operand.size() == 1) {
                String operator = operand.fieldNames().next();
                if (operator.equals("prefix") || operator.equals("suffix") || operator.equals("wildcard")) {
                    Rule inner = of(name, operand);
                    return value -> value.isTextual() && !inner.test(value);
                }
                if (operator.equals("equals-ignore-case")) {
                    JsonNode listed = operand.get(operator);
                    List<String> excluded = new ArrayList<>();
                    if (listed.isTextual()) {
                        excluded.add(listed.textValue());
                    } else if (listed.isArray()) {
                        listed.forEach(e -> excluded.add(text(name, operator, e)));
                    } else {
                        throw new IllegalArgumentException("anything-but equals-ignore-case of " + name
                                + " takes a string or an array of strings");
                    }
                    return value -> value.isTextual()
                            && excluded.stream().noneMatch(e -> e.equalsIgnoreCase(value.textValue()));
                }
            }
            throw new IllegalArgumentException("anything-but of " + name
                    + " takes a value, an array of values, or prefix, suffix, wildcard or equals-ignore-case");
        }

        private static String text(String name, String operator, JsonNode operand) {
            if (!operand.isTextual()) {
                throw new IllegalArgumentException(operator + " of " + name + " takes a string");
            }
            return operand.textValue();
        }

        /** Equality as filtering has it: numbers by value ({@code 5} equals {@code 5.0}), the rest exactly. */
        private static boolean equal(JsonNode expected, JsonNode value) {
            if (expected.isNumber()) {
                return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            return expected.equals(value);
        }
    }
}
