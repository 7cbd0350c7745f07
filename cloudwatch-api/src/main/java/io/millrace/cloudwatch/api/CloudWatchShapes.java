package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.cloudwatch.store.StandardUnits;
import io.millrace.gateway.protocol.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the members of CloudWatch's inputs from any of its three protocols and writes its output shapes. The Query
 * protocol sends every scalar as a string (a timestamp as ISO 8601 text), the JSON and CBOR ones as numbers (a
 * timestamp as epoch seconds), so each member is read by its type whatever arrives; what cannot be read is AWS's
 * InvalidParameterValue naming the parameter.
 */
final class CloudWatchShapes {

    /** AWS: "Dimensions ... up to 30 dimensions" per metric (PutMetricData and the Dimensions shape, max 30). */
    static final int MAX_DIMENSIONS = 30;

    private CloudWatchShapes() {}

    static String requiredText(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null) {
            throw CloudWatchErrors.missingParameter("The parameter " + name + " is required.");
        }
        return value;
    }

    static String text(JsonNode node, String name) {
        JsonNode member = node.get(name);
        if (member == null || member.isNull()) {
            return null;
        }
        if (!member.isValueNode()) {
            throw invalid(name, member.toString());
        }
        return member.asText();
    }

    /** A string member of AWS's length bounds (Namespace, MetricName: 1 to 255). */
    static String boundedText(JsonNode node, String name, int max, boolean required) {
        String value = required ? requiredText(node, name) : text(node, name);
        if (value != null && (value.isEmpty() || value.length() > max)) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The parameter " + name + " must be between 1 and " + max + " characters long.");
        }
        return value;
    }

    static Double number(JsonNode node, String name) {
        JsonNode member = node.get(name);
        if (member == null || member.isNull()) {
            return null;
        }
        if (member.isNumber()) {
            return member.doubleValue();
        }
        if (member.isTextual()) {
            try {
                return Double.valueOf(member.textValue().trim());
            } catch (NumberFormatException e) {
                throw invalid(name, member.textValue());
            }
        }
        throw invalid(name, member.toString());
    }

    static Long integer(JsonNode node, String name) {
        Double value = number(node, name);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || Double.isInfinite(value)) {
            throw invalid(name, String.valueOf(value));
        }
        return value.longValue();
    }

    /** Epoch seconds (JSON, CBOR: tag 1 is dropped by the parser) or ISO 8601 text (Query). */
    static Instant instant(JsonNode node, String name) {
        JsonNode member = node.get(name);
        if (member == null || member.isNull()) {
            return null;
        }
        if (member.isNumber()) {
            return Instant.ofEpochMilli(member.decimalValue().movePointRight(3).longValue());
        }
        if (member.isTextual()) {
            String text = member.textValue().trim();
            try {
                return Instant.ofEpochMilli(
                        new BigDecimal(text).movePointRight(3).longValue());
            } catch (NumberFormatException notANumber) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException noOffset) {
                    try {
                        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException e) {
                        throw invalid(name, text);
                    }
                }
            }
        }
        throw invalid(name, member.toString());
    }

    static Instant requiredInstant(JsonNode node, String name) {
        Instant value = instant(node, name);
        if (value == null) {
            throw CloudWatchErrors.missingParameter("The parameter " + name + " is required.");
        }
        return value;
    }

    /** A list member; absent, null or the Query protocol's empty list ({@code ""}) is empty. */
    static List<JsonNode> list(JsonNode node, String name) {
        JsonNode member = node.get(name);
        if (member == null
                || member.isNull()
                || (member.isTextual() && member.textValue().isEmpty())) {
            return List.of();
        }
        if (!member.isArray()) {
            throw invalid(name, member.toString());
        }
        List<JsonNode> elements = new ArrayList<>(member.size());
        member.forEach(elements::add);
        return elements;
    }

    static String unit(JsonNode node, String name) {
        String unit = text(node, name);
        if (unit != null && !StandardUnits.ALL.contains(unit)) {
            throw invalid(name, unit);
        }
        return unit;
    }

    /** The exact dimension set of a metric: each with Name and Value, at most 30, no name twice. */
    static SortedMap<String, String> dimensions(JsonNode node, String name) {
        List<JsonNode> list = list(node, name);
        if (list.size() > MAX_DIMENSIONS) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection " + name + " must not have a size greater than " + MAX_DIMENSIONS + ".");
        }
        SortedMap<String, String> dimensions = new TreeMap<>();
        for (JsonNode dimension : list) {
            String dimensionName = boundedText(dimension, "Name", 255, true);
            String value = boundedText(dimension, "Value", 1024, true);
            if (dimensions.put(dimensionName, value) != null) {
                throw CloudWatchErrors.invalidParameterValue(
                        "No metric may have duplicate dimension names: " + dimensionName + ".");
            }
        }
        return dimensions;
    }

    static ObjectNode metric(MetricKey key) {
        ObjectNode metric = JsonNodeFactory.instance.objectNode();
        metric.put("Namespace", key.namespace());
        metric.put("MetricName", key.metricName());
        ArrayNode dimensions = metric.putArray("Dimensions");
        for (Map.Entry<String, String> dimension : key.dimensions().entrySet()) {
            dimensions.addObject().put("Name", dimension.getKey()).put("Value", dimension.getValue());
        }
        return metric;
    }

    /** MaxRecords of the Describe actions ("min": 1, "max": 100), or {@code absent} when not given. */
    static int maxRecords(JsonNode node, int absent) {
        Long value = integer(node, "MaxRecords");
        if (value != null && (value < 1 || value > 100)) {
            throw CloudWatchErrors.invalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
        }
        return value == null ? absent : value.intValue();
    }

    static ApiException invalid(String name, String value) {
        return CloudWatchErrors.invalidParameterValue("The value " + value + " for parameter " + name + " is invalid.");
    }
}
