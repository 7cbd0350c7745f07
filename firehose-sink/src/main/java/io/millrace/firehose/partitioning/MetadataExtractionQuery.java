package io.millrace.firehose.partitioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The MetadataExtraction processor's {@code MetadataExtractionQuery}: a jq 1.6 expression (JsonParsingEngine JQ-1.6)
 * run on each JSON record, producing an object whose fields are the partition keys, for example
 * {@code {customer_id: .customer_id, year: .event_timestamp|strftime("%Y")}}. Strings are used as they are, numbers
 * and booleans as their JSON text; a record that is not JSON, a query that fails or yields anything but one object,
 * and a key whose value is null, an object or an array, fail extraction.
 */
public final class MetadataExtractionQuery {
    /** The only JsonParsingEngine AWS accepts. */
    public static final String JQ_1_6 = "JQ-1.6";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope ROOT = rootScope();

    private final String text;
    private final JsonQuery query;

    private MetadataExtractionQuery(String text, JsonQuery query) {
        this.text = text;
        this.query = query;
    }

    /** @throws IllegalArgumentException with jq's explanation when the expression does not compile */
    public static MetadataExtractionQuery compile(String text) {
        try {
            return new MetadataExtractionQuery(text, JsonQuery.compile(text, Versions.JQ_1_6));
        } catch (JsonQueryException e) {
            throw new IllegalArgumentException(
                    "MetadataExtractionQuery is not a valid jq 1.6 expression: " + e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    /**
     * The keys of one record, in the order the query produced them.
     *
     * @throws ExtractionException when the record cannot give its keys
     */
    public Map<String, String> extract(byte[] data) {
        JsonNode record;
        try {
            record = data == null || data.length == 0 ? null : JSON.readTree(data);
        } catch (IOException e) {
            throw new ExtractionException("The record is not valid JSON, so its partition keys cannot be extracted.");
        }
        if (record == null || record.isMissingNode()) {
            throw new ExtractionException("The record is empty, so its partition keys cannot be extracted.");
        }
        return evaluate(record);
    }

    /** Runs the query on a parsed record. */
    public Map<String, String> evaluate(JsonNode record) {
        List<JsonNode> results = run(record);
        if (results.size() != 1 || !results.get(0).isObject()) {
            throw new ExtractionException("The MetadataExtractionQuery must produce one JSON object; it produced "
                    + (results.size() == 1
                            ? results.get(0).getNodeType().name().toLowerCase()
                            : results.size() + " results")
                    + ".");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        var fields = results.get(0).fields();
        while (fields.hasNext()) {
            var field = fields.next();
            keys.put(field.getKey(), value(field.getKey(), field.getValue()));
        }
        return keys;
    }

    /**
     * The key names the query produces for {@code record}, whatever their values, or null when it does not produce
     * one object.
     */
    Map<String, String> evaluateNames(JsonNode record) {
        List<JsonNode> results = run(record);
        if (results.size() != 1 || !results.get(0).isObject()) {
            return null;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        results.get(0)
                .fieldNames()
                .forEachRemaining(
                        name -> keys.put(name, results.get(0).get(name).asText()));
        return keys;
    }

    private List<JsonNode> run(JsonNode record) {
        List<JsonNode> results = new ArrayList<>(1);
        try {
            query.apply(Scope.newChildScope(ROOT), record, results::add);
        } catch (JsonQueryException e) {
            throw new ExtractionException("The MetadataExtractionQuery failed on the record: " + e.getMessage());
        } catch (RuntimeException e) {
            // jackson-jq reports some type errors as unchecked exceptions: they are the record's fault all the same.
            throw new ExtractionException("The MetadataExtractionQuery failed on the record: " + e);
        }
        return results;
    }

    private static String value(String name, JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            double d = value.asDouble();
            // jq numbers are doubles: 2024 computed by arithmetic is still "2024" in jq's output.
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : value.asText();
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        throw new ExtractionException("The partition key " + name + " evaluated to "
                + value.getNodeType().name().toLowerCase() + ", not a string, number or boolean.");
    }

    private static Scope rootScope() {
        Scope scope = Scope.newEmptyScope();
        // The class loader that holds jackson-jq: in a Connect worker, the plugin's own.
        BuiltinFunctionLoader.getInstance()
                .loadFunctions(MetadataExtractionQuery.class.getClassLoader(), Versions.JQ_1_6, scope);
        scope.addFunction("strftime", 1, new StrftimeFunction());
        return scope;
    }

    /** A record whose partition keys cannot be evaluated; the message goes into the error output envelope. */
    public static final class ExtractionException extends RuntimeException {
        public ExtractionException(String message) {
            super(message, null, false, false);
        }
    }
}
