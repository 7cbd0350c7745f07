package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a condition against an item as DynamoDB does (Developer Guide, "Comparison operator and function
 * reference"): a comparison with a missing attribute, or between values of different types, is false, except
 * {@code <>}, which is then true; {@code <, <=, >, >=} and {@code BETWEEN} order numbers numerically, strings by
 * their UTF-8 bytes and binaries by unsigned bytes, and are false for any other type.
 */
public final class ConditionEvaluator {

    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M");

    private ConditionEvaluator() {}

    public static boolean test(Condition condition, Map<String, AttributeValue> item) {
        if (condition instanceof Condition.And and) {
            return test(and.left(), item) && test(and.right(), item);
        }
        if (condition instanceof Condition.Or or) {
            return test(or.left(), item) || test(or.right(), item);
        }
        if (condition instanceof Condition.Not not) {
            return !test(not.condition(), item);
        }
        if (condition instanceof Condition.Compare compare) {
            return compare(value(compare.left(), item), compare.comparator(), value(compare.right(), item));
        }
        if (condition instanceof Condition.Between between) {
            Optional<AttributeValue> value = value(between.value(), item);
            Optional<AttributeValue> low = value(between.low(), item);
            Optional<AttributeValue> high = value(between.high(), item);
            checkBounds(between, low, high);
            return compare(value, Condition.Comparator.GE, low) && compare(value, Condition.Comparator.LE, high);
        }
        if (condition instanceof Condition.In in) {
            Optional<AttributeValue> value = value(in.value(), item);
            return value.isPresent()
                    && in.candidates().stream().anyMatch(candidate -> value.equals(value(candidate, item)));
        }
        return function((Condition.Function) condition, item);
    }

    private static void checkBounds(
            Condition.Between between, Optional<AttributeValue> low, Optional<AttributeValue> high) {
        if (between.low() instanceof Operand.Constant
                && between.high() instanceof Operand.Constant
                && low.isPresent()
                && high.isPresent()
                && low.get().type().equals(high.get().type())
                && order(low.get(), high.get()) > 0) {
            throw DynamoDbErrors.validation("Invalid ConditionExpression: The BETWEEN operator requires upper bound"
                    + " to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
                    + AttributeValues.describe(low.get()) + ", upper bound operand: AttributeValue: "
                    + AttributeValues.describe(high.get()));
        }
    }

    private static boolean function(Condition.Function function, Map<String, AttributeValue> item) {
        Path path = ((Operand.PathOperand) function.arguments().get(0)).path();
        Optional<AttributeValue> value = Documents.get(item, path);
        switch (function.name()) {
            case "attribute_exists":
                return value.isPresent();
            case "attribute_not_exists":
                return value.isEmpty();
            case "attribute_type": {
                Optional<AttributeValue> type = value(function.arguments().get(1), item);
                if (type.isEmpty() || !(type.get() instanceof AttributeValue.S s) || !TYPES.contains(s.value())) {
                    throw DynamoDbErrors.validation("Invalid ConditionExpression: Invalid attribute type name found;"
                            + " type: "
                            + type.map(t -> t instanceof AttributeValue.S s2 ? s2.value() : t.type())
                                    .orElse("") + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
                return value.isPresent() && value.get().type().equals(s.value());
            }
            case "begins_with": {
                Optional<AttributeValue> prefix = value(function.arguments().get(1), item);
                if (value.isEmpty() || prefix.isEmpty()) {
                    return false;
                }
                if (value.get() instanceof AttributeValue.S s && prefix.get() instanceof AttributeValue.S p) {
                    return s.value().startsWith(p.value());
                }
                if (value.get() instanceof AttributeValue.B b && prefix.get() instanceof AttributeValue.B p) {
                    return b.value().startsWith(p.value());
                }
                return false;
            }
            default:
                return contains(value, value(function.arguments().get(1), item));
        }
    }

    private static boolean contains(Optional<AttributeValue> container, Optional<AttributeValue> element) {
        if (container.isEmpty() || element.isEmpty()) {
            return false;
        }
        AttributeValue c = container.get();
        AttributeValue e = element.get();
        if (c instanceof AttributeValue.S s && e instanceof AttributeValue.S sub) {
            return s.value().contains(sub.value());
        }
        if (c instanceof AttributeValue.B b && e instanceof AttributeValue.B sub) {
            return indexOf(b.value().bytes(), sub.value().bytes()) >= 0;
        }
        if (c instanceof AttributeValue.SS ss && e instanceof AttributeValue.S s) {
            return ss.values().contains(s.value());
        }
        if (c instanceof AttributeValue.NS ns && e instanceof AttributeValue.N n) {
            return ns.values().contains(n.value());
        }
        if (c instanceof AttributeValue.BS bs && e instanceof AttributeValue.B b) {
            return bs.values().contains(b.value());
        }
        if (c instanceof AttributeValue.L list) {
            return list.values().contains(e);
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    static boolean compare(
            Optional<AttributeValue> left, Condition.Comparator comparator, Optional<AttributeValue> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return comparator == Condition.Comparator.NE;
        }
        AttributeValue a = left.get();
        AttributeValue b = right.get();
        switch (comparator) {
            case EQ:
                return a.equals(b);
            case NE:
                return !a.equals(b);
            default:
                if (!a.type().equals(b.type()) || !isOrdered(a)) {
                    return false;
                }
                int order = order(a, b);
                return switch (comparator) {
                    case LT -> order < 0;
                    case LE -> order <= 0;
                    case GT -> order > 0;
                    default -> order >= 0;
                };
        }
    }

    static boolean isOrdered(AttributeValue value) {
        return value instanceof AttributeValue.S
                || value instanceof AttributeValue.N
                || value instanceof AttributeValue.B;
    }

    /** DynamoDB's order of two scalars of one type: numeric, UTF-8 bytes, unsigned bytes. */
    public static int order(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return Arrays.compareUnsigned(
                    x.value().getBytes(StandardCharsets.UTF_8), y.value().getBytes(StandardCharsets.UTF_8));
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return x.value().compareTo(y.value());
        }
        throw new IllegalArgumentException("not comparable: " + a.type() + " and " + b.type());
    }

    /** An operand's value in a condition: a constant, an attribute, or the size of one. */
    static Optional<AttributeValue> value(Operand operand, Map<String, AttributeValue> item) {
        if (operand instanceof Operand.Constant constant) {
            return Optional.of(constant.value());
        }
        if (operand instanceof Operand.PathOperand path) {
            return Documents.get(item, path.path());
        }
        if (operand instanceof Operand.Size size) {
            return Documents.get(item, size.path()).flatMap(ConditionEvaluator::size);
        }
        throw new IllegalStateException("not a condition operand: " + operand);
    }

    private static Optional<AttributeValue> size(AttributeValue value) {
        long size;
        if (value instanceof AttributeValue.S s) {
            size = s.value().codePointCount(0, s.value().length());
        } else if (value instanceof AttributeValue.B b) {
            size = b.value().bytes().length;
        } else if (value instanceof AttributeValue.SS ss) {
            size = ss.values().size();
        } else if (value instanceof AttributeValue.NS ns) {
            size = ns.values().size();
        } else if (value instanceof AttributeValue.BS bs) {
            size = bs.values().size();
        } else if (value instanceof AttributeValue.L l) {
            size = l.values().size();
        } else if (value instanceof AttributeValue.M m) {
            size = m.values().size();
        } else {
            return Optional.empty();
        }
        return Optional.of(new AttributeValue.N(BigDecimal.valueOf(size)));
    }
}
