package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.cluster.ClusterMetricStore;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.cloudwatch.store.Stats;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.protocol.query.QueryMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/** GetMetricStatistics and GetMetricData (MetricStat queries): statistics of one metric over periods. */
final class StatisticsActions {

    private static final List<String> STATISTICS = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

    /** AWS: "The maximum number of data points returned from a single call is 1,440" (GetMetricStatistics). */
    private static final long MAX_STATISTICS_DATAPOINTS = 1440;

    /** AWS: "You can specify a maximum of 10 extended statistics" (GetMetricStatistics, ExtendedStatistics). */
    private static final int MAX_EXTENDED_STATISTICS = 10;

    /** AWS: "A GetMetricData operation can include as many as 500 MetricDataQuery structures." */
    private static final int MAX_QUERIES = 500;

    private final ClusterMetricStore store;

    StatisticsActions(ClusterMetricStore store) {
        this.store = store;
    }

    JsonNode getMetricStatistics(AwsRequest request) {
        JsonNode body = request.body();
        MetricKey metric = new MetricKey(
                CloudWatchShapes.boundedText(body, "Namespace", 255, true),
                CloudWatchShapes.boundedText(body, "MetricName", 255, true),
                CloudWatchShapes.dimensions(body, "Dimensions"));
        Instant start = CloudWatchShapes.requiredInstant(body, "StartTime");
        Instant end = CloudWatchShapes.requiredInstant(body, "EndTime");
        long period = period(body, "Period");
        List<String> statistics = texts(body, "Statistics");
        List<String> percentiles = texts(body, "ExtendedStatistics");
        if (statistics.isEmpty() == percentiles.isEmpty()) {
            throw CloudWatchErrors.invalidParameterCombination(
                    "Must specify either Statistics or ExtendedStatistics, but not both.");
        }
        if (percentiles.size() > MAX_EXTENDED_STATISTICS) {
            throw CloudWatchErrors.invalidParameterValue("The collection ExtendedStatistics must not have a size"
                    + " greater than " + MAX_EXTENDED_STATISTICS + ".");
        }
        for (String percentile : percentiles) {
            if (Percentiles.parse(percentile) == null) {
                throw CloudWatchShapes.invalid("ExtendedStatistics", percentile);
            }
        }
        if (statistics.size() > STATISTICS.size() || new HashSet<>(statistics).size() != statistics.size()) {
            throw CloudWatchErrors.invalidParameterValue("The collection Statistics must hold distinct statistics.");
        }
        for (String statistic : statistics) {
            if (!STATISTICS.contains(statistic)) {
                throw CloudWatchShapes.invalid("Statistics", statistic);
            }
        }
        checkRange(start, end);
        long requested = (end.getEpochSecond() - start.getEpochSecond() + period - 1) / period;
        if (requested > MAX_STATISTICS_DATAPOINTS) {
            throw CloudWatchErrors.invalidParameterCombination("You have requested up to " + requested
                    + " datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by"
                    + " increasing Period, or decreasing the time range.");
        }
        String unit = CloudWatchShapes.unit(body, "Unit");
        ObjectNode answer = WireCodec.object();
        answer.put("Label", metric.metricName());
        ArrayNode datapoints = answer.putArray("Datapoints");
        for (Map.Entry<Instant, Stats> bucket :
                buckets(metric, start, end, period).entrySet()) {
            Stats stats = bucket.getValue();
            if (unit != null && !unit.equals(stats.unit())) {
                continue;
            }
            ObjectNode datapoint = datapoints.addObject();
            datapoint.putPOJO("Timestamp", bucket.getKey());
            for (String statistic : STATISTICS) {
                if (statistics.contains(statistic)) {
                    datapoint.put(statistic, value(stats, statistic));
                }
            }
            if (!percentiles.isEmpty()) {
                ObjectNode values = WireCodec.object();
                for (String percentile : percentiles) {
                    double value = stats.percentile(Percentiles.parse(percentile));
                    if (!Double.isNaN(value)) {
                        values.put(percentile, value);
                    }
                }
                datapoint.set(
                        "ExtendedStatistics", request.format() == WireFormat.QUERY ? QueryMap.of(values) : values);
            }
            datapoint.put("Unit", stats.unit());
        }
        return answer;
    }

    JsonNode getMetricData(AwsRequest request) {
        JsonNode body = request.body();
        Instant start = CloudWatchShapes.requiredInstant(body, "StartTime");
        Instant end = CloudWatchShapes.requiredInstant(body, "EndTime");
        checkRange(start, end);
        if (CloudWatchShapes.text(body, "NextToken") != null) {
            // Every answer here is whole, so no token this endpoint gave out can be presented.
            throw CloudWatchErrors.invalidNextToken("The service returned an invalid NextToken.");
        }
        String scanBy = CloudWatchShapes.text(body, "ScanBy");
        if (scanBy != null && !scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw CloudWatchShapes.invalid("ScanBy", scanBy);
        }
        boolean descending = !"TimestampAscending".equals(scanBy);
        List<JsonNode> queries = CloudWatchShapes.list(body, "MetricDataQueries");
        if (queries.isEmpty()) {
            throw CloudWatchErrors.missingParameter("The parameter MetricDataQueries is required.");
        }
        if (queries.size() > MAX_QUERIES) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
        }
        ObjectNode answer = WireCodec.object();
        ArrayNode results = answer.putArray("MetricDataResults");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            JsonNode query = queries.get(i);
            String path = "MetricDataQueries.member." + (i + 1);
            String id = CloudWatchShapes.text(query, "Id");
            if (id == null) {
                throw CloudWatchErrors.missingParameter("The parameter " + path + ".Id is required.");
            }
            // MetricId: "must start with a lowercase letter" and hold letters, digits and underscores.
            if (!id.matches("[a-z][a-zA-Z0-9_]{0,254}")) {
                throw CloudWatchShapes.invalid(path + ".Id", id);
            }
            if (!ids.add(id)) {
                throw CloudWatchErrors.invalidParameterValue(
                        "The value " + id + " for parameter " + path + ".Id is not unique.");
            }
            if (CloudWatchShapes.text(query, "Expression") != null) {
                throw CloudWatchErrors.invalidParameterValue(
                        "Metric math expressions are not supported by this Millrace endpoint yet (" + path
                                + ".Expression).");
            }
            JsonNode metricStat = query.get("MetricStat");
            if (metricStat == null || !metricStat.isObject()) {
                throw CloudWatchErrors.missingParameter("The parameter " + path + ".MetricStat is required.");
            }
            ObjectNode result = result(metricStat, path + ".MetricStat", start, end, descending);
            result.put("Id", id);
            String label = CloudWatchShapes.text(query, "Label");
            if (label != null) {
                result.put("Label", label);
            }
            String returnData = CloudWatchShapes.text(query, "ReturnData");
            if (!"false".equals(returnData)) {
                results.add(reorder(result));
            }
        }
        answer.putArray("Messages");
        return answer;
    }

    private ObjectNode result(JsonNode metricStat, String path, Instant start, Instant end, boolean descending) {
        JsonNode metricNode = metricStat.get("Metric");
        if (metricNode == null || !metricNode.isObject()) {
            throw CloudWatchErrors.missingParameter("The parameter " + path + ".Metric is required.");
        }
        MetricKey metric = new MetricKey(
                CloudWatchShapes.boundedText(metricNode, "Namespace", 255, true),
                CloudWatchShapes.boundedText(metricNode, "MetricName", 255, true),
                CloudWatchShapes.dimensions(metricNode, "Dimensions"));
        long period = period(metricStat, "Period");
        String stat = CloudWatchShapes.requiredText(metricStat, "Stat");
        Double percentile = Percentiles.parse(stat);
        if (!STATISTICS.contains(stat) && percentile == null) {
            throw CloudWatchErrors.invalidParameterValue("The statistic " + stat
                    + " is not supported by this Millrace endpoint: use SampleCount, Average, Sum, Minimum,"
                    + " Maximum or a percentile pNN.NN.");
        }
        String unit = CloudWatchShapes.unit(metricStat, "Unit");
        NavigableMap<Instant, Stats> buckets = buckets(metric, start, end, period);
        ObjectNode result = WireCodec.object();
        result.put("Label", metric.metricName());
        ArrayNode timestamps = result.putArray("Timestamps");
        ArrayNode values = result.putArray("Values");
        for (Map.Entry<Instant, Stats> bucket : (descending ? buckets.descendingMap() : buckets).entrySet()) {
            if (unit == null || unit.equals(bucket.getValue().unit())) {
                double value = percentile == null
                        ? value(bucket.getValue(), stat)
                        : bucket.getValue().percentile(percentile);
                // A period with no value sent one by one has no percentile: no datapoint, as CloudWatch answers.
                if (!Double.isNaN(value)) {
                    timestamps.addPOJO(bucket.getKey());
                    values.add(value);
                }
            }
        }
        result.put("StatusCode", "Complete");
        return result;
    }

    /** The members in the model's order: Id, Label, Timestamps, Values, StatusCode. */
    private static ObjectNode reorder(ObjectNode result) {
        ObjectNode ordered = WireCodec.object();
        for (String name : List.of("Id", "Label", "Timestamps", "Values", "StatusCode")) {
            ordered.set(name, result.get(name));
        }
        return ordered;
    }

    private NavigableMap<Instant, Stats> buckets(MetricKey metric, Instant start, Instant end, long period) {
        return store.buckets(metric, start, end, period, period < 60);
    }

    /**
     * AWS: a period is 1, 5, 10, 20, 30, 60 or any multiple of 60 (periods under 60 only for high-resolution
     * metrics, read here from the 1-second store).
     */
    private static long period(JsonNode node, String name) {
        Long period = CloudWatchShapes.integer(node, name);
        if (period == null) {
            throw CloudWatchErrors.missingParameter("The parameter " + name + " is required.");
        }
        boolean valid =
                period >= 60 ? period % 60 == 0 : List.of(1L, 5L, 10L, 20L, 30L).contains(period);
        if (!valid) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The parameter " + name + " must be 1, 5, 10, 20, 30, 60, or any multiple of 60.");
        }
        return period;
    }

    private static void checkRange(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The parameter StartTime must be less than the parameter" + " EndTime.");
        }
    }

    private static List<String> texts(JsonNode node, String name) {
        List<String> texts = new ArrayList<>();
        for (JsonNode element : CloudWatchShapes.list(node, name)) {
            texts.add(element.asText());
        }
        return texts;
    }

    private static double value(Stats stats, String statistic) {
        return switch (statistic) {
            case "SampleCount" -> stats.sampleCount();
            case "Average" -> stats.average();
            case "Sum" -> stats.sum();
            case "Minimum" -> stats.minimum();
            case "Maximum" -> stats.maximum();
            default -> throw new IllegalArgumentException(statistic);
        };
    }
}
