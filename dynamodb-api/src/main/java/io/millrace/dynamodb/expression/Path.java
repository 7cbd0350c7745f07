package io.millrace.dynamodb.expression;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A document path: a top-level attribute name, then map keys ({@code .name}) and list indexes ({@code [n]}), with
 * every {@code #name} already replaced by its ExpressionAttributeNames value.
 */
public record Path(List<Element> elements) {

    public sealed interface Element {}

    public record Key(String name) implements Element {}

    public record Index(int index) implements Element {}

    public static Path of(String attribute) {
        return new Path(List.of(new Key(attribute)));
    }

    public String top() {
        return ((Key) elements.get(0)).name();
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** Whether one path is the other or lies inside it (DynamoDB refuses overlapping update paths). */
    public boolean overlaps(Path other) {
        int common = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, common).equals(other.elements.subList(0, common));
    }

    @Override
    public String toString() {
        return elements.stream()
                .map(e -> e instanceof Key k ? k.name() : "[" + ((Index) e).index() + "]")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
