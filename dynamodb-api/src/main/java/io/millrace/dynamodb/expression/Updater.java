package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an update to an item (Developer Guide, "Update expressions"): every operand is evaluated against the item
 * as it was, then SET, REMOVE, ADD and DELETE take effect. Paths of one update may not overlap.
 */
public final class Updater {

    private Updater() {}

    public static Map<String, AttributeValue> apply(UpdateExpression update, Map<String, AttributeValue> old) {
        checkOverlaps(update);
        List<Map.Entry<Path, AttributeValue>> sets = new ArrayList<>();
        for (UpdateExpression.Set set : update.sets()) {
            sets.add(Map.entry(set.path(), evaluate(set.value(), old)));
        }
        List<Map.Entry<Path, AttributeValue>> adds = new ArrayList<>();
        for (UpdateExpression.Add add : update.adds()) {
            adds.add(
                    Map.entry(add.path(), add(Documents.get(old, add.path()), constant(add.value()), update.legacy())));
        }
        List<Path> removals = new ArrayList<>(update.removes());
        for (UpdateExpression.Delete delete : update.deletes()) {
            Optional<AttributeValue> remaining = delete(Documents.get(old, delete.path()), constant(delete.value()));
            if (remaining == null) {
                continue;
            }
            if (remaining.isPresent()) {
                adds.add(Map.entry(delete.path(), remaining.get()));
            } else {
                removals.add(delete.path());
            }
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>(old);
        for (Map.Entry<Path, AttributeValue> set : sets) {
            item = set(item, set.getKey(), set.getValue());
        }
        for (Map.Entry<Path, AttributeValue> add : adds) {
            item = set(item, add.getKey(), add.getValue());
        }
        // Later list elements first, so that removing several elements of one list removes the ones named.
        removals.sort(Comparator.comparing(Updater::lastIndex).reversed());
        for (Path path : removals) {
            item = remove(item, path);
        }
        return item;
    }

    private static int lastIndex(Path path) {
        Path.Element last = path.elements().get(path.elements().size() - 1);
        return last instanceof Path.Index index ? index.index() : -1;
    }

    private static void checkOverlaps(UpdateExpression update) {
        List<Path> paths = new ArrayList<>();
        update.sets().forEach(s -> paths.add(s.path()));
        paths.addAll(update.removes());
        update.adds().forEach(a -> paths.add(a.path()));
        update.deletes().forEach(d -> paths.add(d.path()));
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw DynamoDbErrors.validation("Invalid UpdateExpression: Two document paths overlap with each"
                            + " other; must remove or rewrite one of these paths; path one: " + paths.get(i)
                            + ", path two: " + paths.get(j));
                }
            }
        }
    }

    private static AttributeValue constant(Operand operand) {
        return ((Operand.Constant) operand).value();
    }

    static AttributeValue evaluate(Operand operand, Map<String, AttributeValue> old) {
        if (operand instanceof Operand.Constant constant) {
            return constant.value();
        }
        if (operand instanceof Operand.PathOperand path) {
            return Documents.get(old, path.path()).orElseThrow(Updater::missingAttribute);
        }
        if (operand instanceof Operand.IfNotExists ifNotExists) {
            Optional<AttributeValue> current = Documents.get(old, ifNotExists.path());
            return current.isPresent() ? current.get() : evaluate(ifNotExists.fallback(), old);
        }
        if (operand instanceof Operand.ListAppend append) {
            AttributeValue first = evaluate(append.first(), old);
            AttributeValue second = evaluate(append.second(), old);
            if (!(first instanceof AttributeValue.L a) || !(second instanceof AttributeValue.L b)) {
                AttributeValue wrong = first instanceof AttributeValue.L ? second : first;
                throw DynamoDbErrors.validation("Invalid UpdateExpression: Incorrect operand type for operator or"
                        + " function; operator or function: list_append, operand type: " + typeName(wrong));
            }
            List<AttributeValue> joined = new ArrayList<>(a.values());
            joined.addAll(b.values());
            return new AttributeValue.L(joined);
        }
        Operand.Arithmetic arithmetic = (Operand.Arithmetic) operand;
        AttributeValue left = evaluate(arithmetic.left(), old);
        AttributeValue right = evaluate(arithmetic.right(), old);
        if (!(left instanceof AttributeValue.N a) || !(right instanceof AttributeValue.N b)) {
            AttributeValue wrong = left instanceof AttributeValue.N ? right : left;
            throw DynamoDbErrors.validation("Invalid UpdateExpression: Incorrect operand type for operator or"
                    + " function; operator or function: " + arithmetic.operator() + ", operand type: "
                    + typeName(wrong));
        }
        return new AttributeValue.N(
                arithmetic.operator() == '+'
                        ? Numbers.add(a.value(), b.value())
                        : Numbers.subtract(a.value(), b.value()));
    }

    private static AttributeValue add(Optional<AttributeValue> current, AttributeValue value, boolean legacy) {
        boolean listAllowed = legacy && value instanceof AttributeValue.L;
        if (!(value instanceof AttributeValue.N
                || value instanceof AttributeValue.SS
                || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS
                || listAllowed)) {
            throw DynamoDbErrors.validation(
                    legacy
                            ? "One or more parameter values were invalid: ADD action is not supported for the type "
                                    + typeName(value)
                            : "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD,"
                                    + " operand type: " + typeName(value));
        }
        if (current.isEmpty()) {
            return value;
        }
        AttributeValue old = current.get();
        if (old instanceof AttributeValue.N a && value instanceof AttributeValue.N b) {
            return new AttributeValue.N(Numbers.add(a.value(), b.value()));
        }
        if (old instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
            return new AttributeValue.SS(union(a.values(), b.values()));
        }
        if (old instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
            return new AttributeValue.NS(union(a.values(), b.values()));
        }
        if (old instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
            return new AttributeValue.BS(union(a.values(), b.values()));
        }
        if (old instanceof AttributeValue.L a && value instanceof AttributeValue.L b && listAllowed) {
            List<AttributeValue> joined = new ArrayList<>(a.values());
            joined.addAll(b.values());
            return new AttributeValue.L(joined);
        }
        throw DynamoDbErrors.validation("An operand in the update expression has an incorrect data type");
    }

    /** The set left after a DELETE: empty when nothing remains (the attribute goes), null when nothing changes. */
    private static Optional<AttributeValue> delete(Optional<AttributeValue> current, AttributeValue value) {
        if (!(value instanceof AttributeValue.SS
                || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS)) {
            throw DynamoDbErrors.validation("Invalid UpdateExpression: Incorrect operand type for operator or"
                    + " function; operator: DELETE, operand type: " + typeName(value));
        }
        if (current.isEmpty()) {
            return null;
        }
        AttributeValue old = current.get();
        if (old instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
            Set<String> left = minus(a.values(), b.values());
            return left.isEmpty() ? Optional.empty() : Optional.of(new AttributeValue.SS(left));
        }
        if (old instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
            Set<BigDecimal> left = minus(a.values(), b.values());
            return left.isEmpty() ? Optional.empty() : Optional.of(new AttributeValue.NS(left));
        }
        if (old instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
            Set<AttributeValue.Bytes> left = minus(a.values(), b.values());
            return left.isEmpty() ? Optional.empty() : Optional.of(new AttributeValue.BS(left));
        }
        throw DynamoDbErrors.validation("An operand in the update expression has an incorrect data type");
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> result = new LinkedHashSet<>(a);
        result.addAll(b);
        return result;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    static Map<String, AttributeValue> set(Map<String, AttributeValue> item, Path path, AttributeValue value) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
        if (path.isTopLevel()) {
            copy.put(path.top(), value);
            return copy;
        }
        AttributeValue top = item.get(path.top());
        if (top == null) {
            throw invalidPath();
        }
        copy.put(
                path.top(),
                setIn(top, path.elements().subList(1, path.elements().size()), value));
        return copy;
    }

    private static AttributeValue setIn(AttributeValue container, List<Path.Element> rest, AttributeValue value) {
        Path.Element head = rest.get(0);
        boolean last = rest.size() == 1;
        if (head instanceof Path.Key key && container instanceof AttributeValue.M map) {
            Map<String, AttributeValue> copy = new LinkedHashMap<>(map.values());
            if (last) {
                copy.put(key.name(), value);
            } else {
                AttributeValue child = copy.get(key.name());
                if (child == null) {
                    throw invalidPath();
                }
                copy.put(key.name(), setIn(child, rest.subList(1, rest.size()), value));
            }
            return new AttributeValue.M(copy);
        }
        if (head instanceof Path.Index index && container instanceof AttributeValue.L list) {
            List<AttributeValue> copy = new ArrayList<>(list.values());
            if (last) {
                // An index past the end appends, as DynamoDB does.
                if (index.index() < copy.size()) {
                    copy.set(index.index(), value);
                } else {
                    copy.add(value);
                }
            } else {
                if (index.index() >= copy.size()) {
                    throw invalidPath();
                }
                copy.set(index.index(), setIn(copy.get(index.index()), rest.subList(1, rest.size()), value));
            }
            return new AttributeValue.L(copy);
        }
        throw invalidPath();
    }

    static Map<String, AttributeValue> remove(Map<String, AttributeValue> item, Path path) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
        if (path.isTopLevel()) {
            copy.remove(path.top());
            return copy;
        }
        AttributeValue top = item.get(path.top());
        if (top != null) {
            AttributeValue changed =
                    removeIn(top, path.elements().subList(1, path.elements().size()));
            copy.put(path.top(), changed);
        }
        return copy;
    }

    private static AttributeValue removeIn(AttributeValue container, List<Path.Element> rest) {
        Path.Element head = rest.get(0);
        boolean last = rest.size() == 1;
        if (head instanceof Path.Key key && container instanceof AttributeValue.M map) {
            Map<String, AttributeValue> copy = new LinkedHashMap<>(map.values());
            AttributeValue child = copy.get(key.name());
            if (last) {
                copy.remove(key.name());
            } else if (child != null) {
                copy.put(key.name(), removeIn(child, rest.subList(1, rest.size())));
            }
            return new AttributeValue.M(copy);
        }
        if (head instanceof Path.Index index && container instanceof AttributeValue.L list) {
            if (index.index() >= list.values().size()) {
                return container;
            }
            List<AttributeValue> copy = new ArrayList<>(list.values());
            if (last) {
                copy.remove(index.index());
            } else {
                copy.set(index.index(), removeIn(copy.get(index.index()), rest.subList(1, rest.size())));
            }
            return new AttributeValue.L(copy);
        }
        throw invalidPath();
    }

    private static RuntimeException invalidPath() {
        return DynamoDbErrors.validation("The document path provided in the update expression is invalid for update");
    }

    private static RuntimeException missingAttribute() {
        return DynamoDbErrors.validation(
                "The provided expression refers to an attribute that does not exist in the" + " item");
    }

    /** DynamoDB's names of the types in update errors. */
    static String typeName(AttributeValue value) {
        return switch (value.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "NULL" -> "NULL";
            case "SS" -> "STRING SET";
            case "NS" -> "NUMBER SET";
            case "BS" -> "BINARY SET";
            case "L" -> "LIST";
            default -> "MAP";
        };
    }
}
