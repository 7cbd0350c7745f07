package io.millrace.console.sql;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one name an ad-hoc query's application and temporary stream share, {@code console-sql-<start>-<random>}: the
 * start (epoch seconds in base 36) is in the name so that any gateway can tell an expired query from its name alone,
 * without a registry of its own. Valid as both an application name and a stream name ({@code [a-zA-Z0-9_.-]+}, at
 * most 128 characters in both models).
 */
public record QueryName(String id, Instant started) {

    public static final String PREFIX = "console-sql-";
    private static final Pattern ID = Pattern.compile("([0-9a-z]{1,12})-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    static QueryName next(Instant now) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        long seconds = now.getEpochSecond();
        return new QueryName(
                Long.toString(seconds, 36) + "-" + HexFormat.of().formatHex(random), Instant.ofEpochSecond(seconds));
    }

    /** The query of a page's id, if it is one. */
    public static Optional<QueryName> ofId(String id) {
        Matcher m = ID.matcher(id);
        return m.matches()
                ? Optional.of(new QueryName(id, Instant.ofEpochSecond(Long.parseLong(m.group(1), 36))))
                : Optional.empty();
    }

    /** The query an application or stream name belongs to, if it is a console query's. */
    static Optional<QueryName> ofResource(String name) {
        return name.startsWith(PREFIX) ? ofId(name.substring(PREFIX.length())) : Optional.empty();
    }

    /** The application's and the temporary stream's name. */
    public String resource() {
        return PREFIX + id;
    }
}
