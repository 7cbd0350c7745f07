package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of request members with the model's limits. KinesisAnalytics_20180523 declares no ValidationException:
 * AWS reports a malformed member as InvalidArgumentException, with the usual wording.
 */
final class ApplicationRequests {

    // ApplicationName and SnapshotName: [a-zA-Z0-9_.-]+, 1..128 and 1..256 characters.
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    static final List<String> RUNTIMES = List.of(
            "SQL-1_0",
            "FLINK-1_6",
            "FLINK-1_8",
            "ZEPPELIN-FLINK-1_0",
            "FLINK-1_11",
            "FLINK-1_13",
            "ZEPPELIN-FLINK-2_0",
            "FLINK-1_15",
            "ZEPPELIN-FLINK-3_0",
            "FLINK-1_18",
            "FLINK-1_19",
            "FLINK-1_20",
            "FLINK-2_2");
    /** Flink runtimes AWS runs that are newer than the Flink these applications run on (2.2). */
    private static final Pattern NEWER_FLINK = Pattern.compile("FLINK-(\\d+)_(\\d+)");

    /**
     * Refuses, before the model's enum would with a bare list, a Flink runtime AWS added after 2.2 (FLINK-2_3):
     * Millrace runs applications on Flink 2.2, and says which runtimes it serves.
     */
    static void refuseNewerFlink(String runtime) {
        java.util.regex.Matcher flink = runtime == null ? null : NEWER_FLINK.matcher(runtime);
        if (flink != null && flink.matches() && !RUNTIMES.contains(runtime)) {
            throw ApplicationErrors.unsupportedOperation("RuntimeEnvironment " + runtime + " is not served: Millrace"
                    + " runs applications on Apache Flink 2.2. Use FLINK-2_2 for applications built for Flink 2.x, or"
                    + " SQL-1_0 for SQL applications.");
        }
    }

    static final List<String> RESTORE_TYPES =
            List.of(Status.SKIP_RESTORE, Status.RESTORE_LATEST, Status.RESTORE_CUSTOM);

    private ApplicationRequests() {}

    static String applicationName(JsonNode body) {
        String name = Fields.text(body, "ApplicationName");
        check(new Validation()
                .required("applicationName", name)
                .length("applicationName", name, 1, 128)
                .pattern("applicationName", name, NAME));
        return name;
    }

    static String snapshotName(JsonNode body) {
        String name = Fields.text(body, "SnapshotName");
        check(new Validation()
                .required("snapshotName", name)
                .length("snapshotName", name, 1, 256)
                .pattern("snapshotName", name, NAME));
        return name;
    }

    /** Limit of a List call: 1..50, 50 when absent. */
    static int limit(JsonNode body) {
        Integer limit = Fields.integer(body, "Limit");
        check(new Validation().range("limit", limit, 1, 50));
        return limit == null ? 50 : limit;
    }

    /** The items {@code [from, to)} of a list of {@code size} a List call asks for, and the NextToken after them. */
    record Page(int from, int to, String nextToken) {}

    /** Paging of a List call: {@code Limit} (1..50, 50 when absent) items from {@code NextToken} (an index). */
    static Page page(JsonNode body, int size) {
        int limit = limit(body);
        String token = Fields.text(body, "NextToken");
        check(new Validation().length("nextToken", token, 1, 512));
        int from = 0;
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw ApplicationErrors.invalidArgument("NextToken " + token + " is not valid.");
            }
        }
        from = Math.max(0, Math.min(from, size));
        int to = Math.min(size, from + limit);
        return new Page(from, to, to < size ? Integer.toString(to) : null);
    }

    /** Tags: 1..200 of them, keys 1..128 characters, values 0..256. */
    static Map<String, String> tags(JsonNode body) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = Fields.array(body, "Tags");
        if (list == null) {
            return tags;
        }
        Validation validation = new Validation().size("tags", list.size(), 1, 200, list.size());
        for (JsonNode tag : list) {
            String key = Fields.text(tag, "Key");
            String value = Fields.text(tag, "Value");
            validation
                    .required("tags.member.key", key)
                    .length("tags.member.key", key, 1, 128)
                    .length("tags.member.value", value, 0, 256);
            if (key != null) {
                tags.put(key, value == null ? "" : value);
            }
        }
        check(validation);
        return tags;
    }

    static void check(Validation validation) {
        try {
            validation.throwIfInvalid();
        } catch (ApiException e) {
            throw ApplicationErrors.invalidArgument(e.getMessage());
        }
    }
}
