package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.item.AttributeValue;
import java.util.Map;
import java.util.Optional;

/** Reads a document path out of an item. */
public final class Documents {

    private Documents() {}

    /** The value at {@code path}, or empty when the item has nothing there (or a step has the wrong type). */
    public static Optional<AttributeValue> get(Map<String, AttributeValue> item, Path path) {
        AttributeValue current = item.get(path.top());
        for (Path.Element element : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return Optional.empty();
            }
            if (element instanceof Path.Key key && current instanceof AttributeValue.M map) {
                current = map.values().get(key.name());
            } else if (element instanceof Path.Index index && current instanceof AttributeValue.L list) {
                current = index.index() < list.values().size() ? list.values().get(index.index()) : null;
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(current);
    }
}
