package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.item.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes a ProjectionExpression (or AttributesToGet) names, in the shape of the item: nested map keys stay
 * nested, and list elements picked by index keep their order, compacted, as DynamoDB returns them.
 */
public final class Projection {

    private Projection() {}

    /** {@code paths} null means the whole item. */
    public static Map<String, AttributeValue> project(Map<String, AttributeValue> item, List<Path> paths) {
        if (paths == null) {
            return item;
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        for (Path path : paths) {
            Optional<AttributeValue> value = Documents.get(item, path);
            if (value.isPresent()) {
                List<Path.Element> rest =
                        path.elements().subList(1, path.elements().size());
                result.put(path.top(), rest.isEmpty() ? value.get() : merge(result.get(path.top()), rest, value.get()));
            }
        }
        return result;
    }

    private static AttributeValue merge(AttributeValue into, List<Path.Element> rest, AttributeValue value) {
        Path.Element head = rest.get(0);
        List<Path.Element> tail = rest.subList(1, rest.size());
        if (head instanceof Path.Key key) {
            Map<String, AttributeValue> map =
                    into instanceof AttributeValue.M m ? new LinkedHashMap<>(m.values()) : new LinkedHashMap<>();
            map.put(key.name(), tail.isEmpty() ? value : merge(map.get(key.name()), tail, value));
            return new AttributeValue.M(map);
        }
        List<AttributeValue> list =
                into instanceof AttributeValue.L l ? new ArrayList<>(l.values()) : new ArrayList<>();
        list.add(tail.isEmpty() ? value : merge(null, tail, value));
        return new AttributeValue.L(list);
    }
}
