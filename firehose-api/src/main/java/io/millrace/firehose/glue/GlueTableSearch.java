package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * SearchTables across every database of the catalog, as Glue's reference describes it: SearchText matches the
 * name, database, description, owner, column names and parameter values (a quoted text exactly, otherwise as a
 * part); each Filter compares one property, string properties token by token (the value split on punctuation,
 * each token compared whole: {@code link} finds {@code customer-link}, not {@code xxlinkyy}), time properties with
 * the Comparator, and any other Key a table parameter; SortCriteria sorts by one field.
 */
final class GlueTableSearch {

    private static final Set<String> COMPARATORS =
            Set.of("EQUALS", "GREATER_THAN", "LESS_THAN", "GREATER_THAN_EQUALS", "LESS_THAN_EQUALS");
    private static final Set<String> TIMES = Set.of("CreateTime", "UpdateTime", "LastAccessTime", "LastAnalyzedTime");
    private static final Set<String> STRINGS = Set.of("Name", "DatabaseName", "Description", "Owner", "TableType");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+");

    private final GlueCatalogStore store;

    GlueTableSearch(GlueCatalogStore store) {
        this.store = store;
    }

    /** PageSize: 1 to 1000; SortCriteria: at most one; ValueString: 1 to 1024 characters. */
    CompletionStage<JsonNode> search(AwsRequest request) {
        JsonNode body = request.body();
        Integer max = Fields.integer(body, "MaxResults");
        String text = Fields.text(body, "SearchText");
        JsonNode filters = Fields.array(body, "Filters");
        JsonNode sort = Fields.array(body, "SortCriteria");
        String token = Fields.text(body, "NextToken");
        Validation v = new Validation().range("maxResults", max, 1, 1000).length("searchText", text, 1, 1024);
        if (sort != null) {
            v.size("sortCriteria", sort.size(), 0, 1, sort);
        }
        List<Predicate<ObjectNode>> tests = new ArrayList<>();
        if (text != null) {
            tests.add(textMatch(text));
        }
        if (filters != null) {
            for (JsonNode filter : filters) {
                String key = Fields.text(filter, "Key");
                String value = Fields.text(filter, "Value");
                String comparator = Fields.text(filter, "Comparator");
                v.length("filters.member.key", key, 1, 1024)
                        .length("filters.member.value", value, 1, 1024)
                        .oneOf("filters.member.comparator", comparator, COMPARATORS);
                if (key != null && value != null) {
                    tests.add(filter(key, value, comparator == null ? "EQUALS" : comparator));
                }
            }
        }
        GlueShapes.throwIfInvalid(v);
        Comparator<ObjectNode> order = order(sort);
        int limit = max == null ? 1000 : max;
        int offset = token == null ? 0 : offset(token);
        return store.sync().thenApply(ignored -> {
            List<ObjectNode> matches = new ArrayList<>();
            for (ObjectNode table : new ArrayList<>(store.withPrefix("table/"))) {
                if (tests.stream().allMatch(t -> t.test(table))) {
                    matches.add(table);
                }
            }
            matches.sort(order);
            ObjectNode response = WireCodec.object();
            ArrayNode list = response.putArray("TableList");
            for (int i = offset; i < matches.size() && list.size() < limit; i++) {
                list.add(GlueShapes.wire(matches.get(i)));
            }
            if (offset + list.size() < matches.size()) {
                response.put("NextToken", GlueShapes.token(Integer.toString(offset + list.size())));
            }
            return response;
        });
    }

    private static Predicate<ObjectNode> textMatch(String text) {
        boolean exact = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"");
        String wanted = (exact ? text.substring(1, text.length() - 1) : text).toLowerCase(Locale.ROOT);
        return table -> {
            List<String> fields = new ArrayList<>();
            for (String member : STRINGS) {
                fields.add(table.path(member).asText(""));
            }
            table.path("StorageDescriptor")
                    .path("Columns")
                    .forEach(c -> fields.add(c.path("Name").asText("")));
            table.path("Parameters").forEach(p -> fields.add(p.asText("")));
            return fields.stream()
                    .map(f -> f.toLowerCase(Locale.ROOT))
                    .anyMatch(f -> exact ? f.equals(wanted) : f.contains(wanted));
        };
    }

    private static Predicate<ObjectNode> filter(String key, String value, String comparator) {
        if (TIMES.contains(key)) {
            long wanted = millis(value);
            return table -> {
                JsonNode t = table.get(key);
                if (t == null || !t.isNumber()) {
                    return false;
                }
                int c = Long.compare(t.asLong(), wanted);
                return switch (comparator) {
                    case "GREATER_THAN" -> c > 0;
                    case "LESS_THAN" -> c < 0;
                    case "GREATER_THAN_EQUALS" -> c >= 0;
                    case "LESS_THAN_EQUALS" -> c <= 0;
                    default -> c == 0;
                };
            };
        }
        String wanted = value.toLowerCase(Locale.ROOT);
        return table -> {
            JsonNode field = STRINGS.contains(key)
                    ? table.get(key)
                    : table.path("Parameters").get(key);
            if (field == null || !field.isTextual()) {
                return false;
            }
            for (String part : PUNCTUATION.split(field.textValue().toLowerCase(Locale.ROOT))) {
                if (part.equals(wanted)) {
                    return true;
                }
            }
            return field.textValue().equalsIgnoreCase(value);
        };
    }

    /** A time filter's Value: epoch seconds or milliseconds, or an ISO-8601 instant. */
    private static long millis(String value) {
        try {
            double number = Double.parseDouble(value);
            return number > 100_000_000_000L ? (long) number : Math.round(number * 1000);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException notIso) {
                throw GlueErrors.invalidInput("Value " + value + " is not a time.");
            }
        }
    }

    private static Comparator<ObjectNode> order(JsonNode sort) {
        Comparator<ObjectNode> byName = Comparator.comparing(
                        (ObjectNode t) -> t.path("DatabaseName").asText())
                .thenComparing(t -> t.path("Name").asText());
        if (sort == null || sort.isEmpty()) {
            return byName;
        }
        String field = Fields.text(sort.get(0), "FieldName");
        String direction = Fields.text(sort.get(0), "Sort");
        GlueShapes.throwIfInvalid(new Validation()
                .length("sortCriteria.member.fieldName", field, 1, 1024)
                .oneOf("sortCriteria.member.sort", direction, Set.of("ASC", "DESC")));
        Comparator<ObjectNode> chosen = field == null
                ? byName
                : TIMES.contains(field)
                        ? Comparator.<ObjectNode>comparingLong(
                                        t -> t.path(field).asLong())
                                .thenComparing(byName)
                        : Comparator.<ObjectNode, String>comparing(
                                        t -> t.path(field).asText(""))
                                .thenComparing(byName);
        return "DESC".equals(direction) ? chosen.reversed() : chosen;
    }

    private static int offset(String token) {
        try {
            return Math.max(0, Integer.parseInt(GlueShapes.untoken(token)));
        } catch (NumberFormatException e) {
            throw GlueErrors.invalidInput("Invalid NextToken.");
        }
    }
}
