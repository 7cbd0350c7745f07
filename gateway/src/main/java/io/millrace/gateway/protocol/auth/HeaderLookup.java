package io.millrace.gateway.protocol.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request headers by lower-case name (HTTP names are case-insensitive; SigV4 signs them lower-cased). */
final class HeaderLookup {

    private final Map<String, List<String>> byName = new HashMap<>();

    HeaderLookup(Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .addAll(values);
            }
        });
    }

    /** All values of a header, in order; empty when absent. */
    List<String> all(String lowerCaseName) {
        return byName.getOrDefault(lowerCaseName, List.of());
    }

    /** The first value of a header, or null. */
    String first(String lowerCaseName) {
        List<String> values = all(lowerCaseName);
        return values.isEmpty() ? null : values.get(0);
    }

    boolean has(String lowerCaseName) {
        return !all(lowerCaseName).isEmpty();
    }
}
