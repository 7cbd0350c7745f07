package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.cloudwatch.store.Datapoint;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.cloudwatch.store.MetricWriter;
import io.millrace.cloudwatch.store.StandardUnits;
import io.millrace.cloudwatch.store.Stats;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** PutMetricData: validated as AWS does, then written to the datapoint topic, one record per MetricDatum. */
final class MetricDataActions {

    /** AWS: "Each PutMetricData request can include up to 1000 metrics" (API reference, PutMetricData). */
    static final int MAX_METRIC_DATA = 1000;

    /** AWS: "The Values array can include as many as 150 unique values" (MetricDatum). */
    static final int MAX_VALUES = 150;

    /** AWS accepts datapoints "up to two weeks in the past and up to two hours into the future" (MetricDatum). */
    private static final Duration MAX_AGE = Duration.ofDays(14);

    private static final Duration MAX_AHEAD = Duration.ofHours(2);

    private final MetricWriter writer;

    MetricDataActions(MetricWriter writer) {
        this.writer = writer;
    }

    JsonNode putMetricData(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String namespace = CloudWatchShapes.boundedText(body, "Namespace", 255, true);
        // The Namespace shape's pattern is [^:].*; names in AWS/ are AWS's own ("you cannot specify a namespace
        // that begins with AWS/").
        if (namespace.startsWith(":") || namespace.startsWith("AWS/")) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The value " + namespace + " for parameter Namespace is invalid.");
        }
        List<JsonNode> data = CloudWatchShapes.list(body, "MetricData");
        if (data.isEmpty()) {
            throw CloudWatchErrors.missingParameter("The parameter MetricData is required.");
        }
        if (data.size() > MAX_METRIC_DATA) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection MetricData must not have a size greater than " + MAX_METRIC_DATA + ".");
        }
        List<Map.Entry<MetricKey, Datapoint>> points = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            points.add(datum(namespace, data.get(i), "MetricData.member." + (i + 1), request.receivedAt()));
        }
        try {
            writer.write(points);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write datapoints", e.getCause());
        }
        return WireCodec.object();
    }

    private static Map.Entry<MetricKey, Datapoint> datum(String namespace, JsonNode datum, String path, Instant now) {
        String metricName = CloudWatchShapes.boundedText(datum, "MetricName", 255, false);
        if (metricName == null) {
            throw CloudWatchErrors.missingParameter("The parameter " + path + ".MetricName is required.");
        }
        MetricKey key = new MetricKey(namespace, metricName, CloudWatchShapes.dimensions(datum, "Dimensions"));
        Instant timestamp = CloudWatchShapes.instant(datum, "Timestamp");
        if (timestamp == null) {
            timestamp = now;
        } else if (timestamp.isBefore(now.minus(MAX_AGE)) || timestamp.isAfter(now.plus(MAX_AHEAD))) {
            throw CloudWatchErrors.invalidParameterValue("The parameter " + path
                    + ".Timestamp must specify a time no more than two weeks in the past and no more than two"
                    + " hours in the future.");
        }
        Long resolution = CloudWatchShapes.integer(datum, "StorageResolution");
        if (resolution != null && resolution != 1 && resolution != 60) {
            throw CloudWatchErrors.invalidParameterValue("The value " + resolution + " for parameter " + path
                    + ".StorageResolution is invalid. Valid values are 1 and 60.");
        }
        String unit = CloudWatchShapes.unit(datum, "Unit");
        Stats stats = stats(datum, path, unit == null ? StandardUnits.NONE : unit);
        return new AbstractMap.SimpleImmutableEntry<>(
                key, new Datapoint(timestamp.toEpochMilli(), resolution != null && resolution == 1, stats));
    }

    /** Exactly one of Value, Values (with Counts) and StatisticValues, as AWS requires. */
    private static Stats stats(JsonNode datum, String path, String unit) {
        Double value = CloudWatchShapes.number(datum, "Value");
        List<JsonNode> values = CloudWatchShapes.list(datum, "Values");
        JsonNode statisticValues = datum.get("StatisticValues");
        boolean hasStatistics = statisticValues != null && !statisticValues.isNull();
        int given = (value != null ? 1 : 0) + (values.isEmpty() ? 0 : 1) + (hasStatistics ? 1 : 0);
        if (given > 1) {
            throw CloudWatchErrors.invalidParameterCombination("The parameters " + path + ".Value, " + path
                    + ".Values and " + path + ".StatisticValues are mutually exclusive and you have specified"
                    + " more than one.");
        }
        if (value != null) {
            return Stats.of(finite(value, path + ".Value"), unit);
        }
        if (!values.isEmpty()) {
            return fromValues(datum, values, path, unit);
        }
        if (hasStatistics) {
            return fromStatisticSet(statisticValues, path + ".StatisticValues", unit);
        }
        throw CloudWatchErrors.missingParameter("At least one of the parameters " + path + ".Value, " + path
                + ".Values or " + path + ".StatisticValues must be specified.");
    }

    private static Stats fromValues(JsonNode datum, List<JsonNode> values, String path, String unit) {
        if (values.size() > MAX_VALUES) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection " + path + ".Values must not have a size greater than " + MAX_VALUES + ".");
        }
        List<JsonNode> counts = CloudWatchShapes.list(datum, "Counts");
        if (!counts.isEmpty() && counts.size() != values.size()) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The parameters " + path + ".Values and " + path + ".Counts must be of the same size.");
        }
        Stats stats = Stats.EMPTY;
        for (int i = 0; i < values.size(); i++) {
            double v = finite(scalar(values.get(i), path + ".Values.member." + (i + 1)), path + ".Values");
            double count = counts.isEmpty() ? 1 : scalar(counts.get(i), path + ".Counts.member." + (i + 1));
            if (count < 0 || Double.isNaN(count) || Double.isInfinite(count)) {
                throw CloudWatchShapes.invalid(path + ".Counts", String.valueOf(count));
            }
            stats = stats.plus(Stats.of(v, count, unit));
        }
        return stats;
    }

    private static Stats fromStatisticSet(JsonNode set, String path, String unit) {
        double[] members = new double[4];
        String[] names = {"SampleCount", "Sum", "Minimum", "Maximum"};
        for (int i = 0; i < names.length; i++) {
            Double member = CloudWatchShapes.number(set, names[i]);
            if (member == null) {
                throw CloudWatchErrors.missingParameter("The parameter " + path + "." + names[i] + " is required.");
            }
            members[i] = finite(member, path + "." + names[i]);
        }
        if (members[0] <= 0 || members[2] > members[3]) {
            throw CloudWatchErrors.invalidParameterValue("The parameter " + path
                    + " must have a positive SampleCount and a Minimum no greater than its Maximum.");
        }
        return new Stats(members[0], members[1], members[2], members[3], unit);
    }

    private static double scalar(JsonNode node, String name) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            throw CloudWatchShapes.invalid(name, node.asText());
        }
    }

    /** AWS rejects NaN and the infinities ("values ... that are NaN, -Infinity or +Infinity are not supported"). */
    private static double finite(double value, String name) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw CloudWatchShapes.invalid(name, String.valueOf(value));
        }
        return value;
    }
}
