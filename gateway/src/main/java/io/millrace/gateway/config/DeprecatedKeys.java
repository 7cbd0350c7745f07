package io.millrace.gateway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Old configuration keys and the keys that replaced them. {@link #rewrite} renames the old keys of a property map
 * before a config class parses it, so configuration files written for an earlier version keep working: a new key
 * given beside its old one wins, keys this map does not name pass through untouched, and each old key in use is
 * reported once per process, naming its replacement.
 */
public final class DeprecatedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DeprecatedKeys.class);

    /** The process's warnings: one line per old key, however many config objects read it. */
    private static final Warnings LOGGED = new Warnings(LOG::warn);

    private final Map<String, String> replacements;
    private final Warnings warnings;

    private DeprecatedKeys(Map<String, String> replacements, Warnings warnings) {
        this.replacements = Collections.unmodifiableMap(replacements);
        this.warnings = warnings;
    }

    /** Pairs of old key, new key. */
    public static DeprecatedKeys of(String... oldThenNew) {
        return of(LOGGED, oldThenNew);
    }

    static DeprecatedKeys of(Warnings warnings, String... oldThenNew) {
        if (oldThenNew.length % 2 != 0) {
            throw new IllegalArgumentException("old and new keys come in pairs");
        }
        Map<String, String> replacements = new LinkedHashMap<>();
        for (int i = 0; i < oldThenNew.length; i += 2) {
            replacements.put(oldThenNew[i], oldThenNew[i + 1]);
        }
        return new DeprecatedKeys(replacements, warnings);
    }

    /** Both sets of renames, for a config class that reads the keys of another one too. */
    public DeprecatedKeys and(DeprecatedKeys other) {
        Map<String, String> both = new LinkedHashMap<>(replacements);
        both.putAll(other.replacements);
        return new DeprecatedKeys(both, warnings);
    }

    /** Old key to new key. */
    public Map<String, String> replacements() {
        return replacements;
    }

    /** A copy of {@code props} with every old key renamed to its new key, unless the new key is given too. */
    public <V> Map<String, V> rewrite(Map<String, ? extends V> props) {
        Map<String, V> rewritten = new LinkedHashMap<>(props);
        replacements.forEach((oldKey, newKey) -> {
            if (rewritten.containsKey(oldKey)) {
                V value = rewritten.remove(oldKey);
                rewritten.putIfAbsent(newKey, value);
                warnings.deprecated(oldKey, newKey);
            }
        });
        return rewritten;
    }

    /** Where deprecation warnings go; each old key is reported once in the life of this sink. */
    static final class Warnings {

        private final Consumer<String> sink;
        private final Set<String> reported = ConcurrentHashMap.newKeySet();

        Warnings(Consumer<String> sink) {
            this.sink = sink;
        }

        void deprecated(String oldKey, String newKey) {
            if (reported.add(oldKey)) {
                sink.accept("Configuration key " + oldKey + " is deprecated: use " + newKey);
            }
        }
    }
}
