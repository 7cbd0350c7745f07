package io.millrace.lambda.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A mapping's FilterCriteria: its patterns, ORed (a record matching one of them is sent to the function, the others
 * are dropped). Lambda allows five filters per event source mapping by default (developer guide, "Control which
 * events Lambda sends to your function"), each pattern at most 4096 characters (botocore's {@code Pattern} shape).
 */
public final class Filters {

    public static final int MAX_FILTERS = 5;
    public static final int MAX_PATTERN_LENGTH = 4096;

    /** No filter: every record is sent. */
    public static final Filters NONE = new Filters(List.of());

    private final List<FilterPattern> patterns;
    private final boolean readsData;

    private Filters(List<FilterPattern> patterns) {
        this.patterns = patterns;
        this.readsData = patterns.stream().anyMatch(FilterPattern::readsData);
    }

    /** @throws IllegalArgumentException for a pattern that is not valid filter rule syntax */
    public static Filters of(List<String> patterns) {
        List<FilterPattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            compiled.add(FilterPattern.parse(pattern));
        }
        return new Filters(List.copyOf(compiled));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * Whether a record is sent to the function; {@code document} builds the record as the patterns see it, with
     * its data parsed when the argument is true (only when a pattern may read it).
     */
    public boolean accepts(Function<Boolean, JsonNode> document) {
        if (patterns.isEmpty()) {
            return true;
        }
        JsonNode built = document.apply(readsData);
        return patterns.stream().anyMatch(pattern -> pattern.matches(built));
    }
}
