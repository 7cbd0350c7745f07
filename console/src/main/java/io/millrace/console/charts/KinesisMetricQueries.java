package io.millrace.console.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code AWS/Kinesis} metrics a stream page charts, as GetMetricData queries in one call (the AWS console's
 * Kinesis monitoring tab reads the same metrics, see
 * https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html), and their answer turned into the
 * charts' aligned arrays: counts as per-second rates (the period's Sum over its seconds), ages as the period's
 * Maximum.
 */
final class KinesisMetricQueries {

    static final String NAMESPACE = "AWS/Kinesis";

    /** One charted metric: the query's Id, AWS's metric name, the statistic, and whether it is a count. */
    private record Series(String id, String metric, String stat, boolean count) {}

    private static final List<Series> STREAM = List.of(
            new Series("incomingBytes", "IncomingBytes", "Sum", true),
            new Series("incomingRecords", "IncomingRecords", "Sum", true),
            new Series("getRecordsBytes", "GetRecords.Bytes", "Sum", true),
            new Series("getRecordsRecords", "GetRecords.Records", "Sum", true),
            new Series("readThrottled", "ReadProvisionedThroughputExceeded", "Sum", true),
            new Series("writeThrottled", "WriteProvisionedThroughputExceeded", "Sum", true),
            new Series("iteratorAgeMillis", "GetRecords.IteratorAgeMilliseconds", "Maximum", false));

    private static final List<Series> CONSUMER = List.of(
            new Series("fanOutBytes", "SubscribeToShardEvent.Bytes", "Sum", true),
            new Series("millisBehindLatest", "SubscribeToShardEvent.MillisBehindLatest", "Maximum", false));

    /** The stream's series in the charts' JSON, the two throttling metrics drawn as one line. */
    private static final List<String> CHARTED = List.of(
            "incomingBytes",
            "incomingRecords",
            "getRecordsBytes",
            "getRecordsRecords",
            "throttled",
            "iteratorAgeMillis");

    /**
     * AWS: "A GetMetricData operation can include as many as 500 MetricDataQuery structures"; the stream's seven
     * leave room for 246 consumers' two (a stream has at most 20 registered at a time).
     */
    static final int MAX_CONSUMERS = (500 - 7) / 2;

    private final String stream;
    private final List<String> consumers;
    private final long period;

    /** The queries of {@code stream} and its {@code consumers} (at most {@link #MAX_CONSUMERS}), per {@code period} s. */
    KinesisMetricQueries(String stream, List<String> consumers, long period) {
        this.stream = stream;
        this.consumers = consumers.subList(0, Math.min(consumers.size(), MAX_CONSUMERS));
        this.period = period;
    }

    /** GetMetricData's input from {@code start} to {@code end} (epoch seconds), oldest first. */
    void fill(ObjectNode input, long start, long end) {
        input.put("StartTime", start);
        input.put("EndTime", end);
        input.put("ScanBy", "TimestampAscending");
        ArrayNode queries = input.putArray("MetricDataQueries");
        for (Series series : STREAM) {
            add(queries, series.id(), series, Map.of("StreamName", stream));
        }
        for (int i = 0; i < consumers.size(); i++) {
            for (Series series : CONSUMER) {
                add(queries, series.id() + i, series, Map.of("StreamName", stream, "ConsumerName", consumers.get(i)));
            }
        }
    }

    private void add(ArrayNode queries, String id, Series series, Map<String, String> dimensions) {
        ObjectNode query = queries.addObject();
        query.put("Id", id);
        ObjectNode stat = query.putObject("MetricStat");
        ObjectNode metric = stat.putObject("Metric");
        metric.put("Namespace", NAMESPACE);
        metric.put("MetricName", series.metric());
        ArrayNode names = metric.putArray("Dimensions");
        new TreeMap<>(dimensions)
                .forEach((name, value) -> names.addObject().put("Name", name).put("Value", value));
        stat.put("Period", period);
        stat.put("Stat", series.stat());
    }

    /**
     * The charts' arrays from GetMetricData's answer: one point per period from {@code start} to the newest period
     * any metric has a datapoint in. A period without a datapoint is 0 for a count (nothing was counted: the
     * gateways publish only what they counted) and null for an age; a consumer without any datapoint in the hour
     * is left out.
     */
    void chart(JsonNode output, long start, ObjectNode into) {
        Map<String, TreeMap<Long, Double>> results = new HashMap<>();
        long newest = Long.MIN_VALUE;
        for (JsonNode result : output.path("MetricDataResults")) {
            TreeMap<Long, Double> values = new TreeMap<>();
            JsonNode stamps = result.path("Timestamps");
            JsonNode numbers = result.path("Values");
            for (int i = 0; i < stamps.size() && i < numbers.size(); i++) {
                long at = (long) stamps.get(i).asDouble();
                values.put(at, numbers.get(i).asDouble());
                newest = Math.max(newest, at);
            }
            results.put(result.path("Id").asText(), values);
        }
        List<Long> grid = new ArrayList<>();
        for (long at = start; at <= newest; at += period) {
            grid.add(at);
        }
        ArrayNode t = into.putArray("t");
        grid.forEach(t::add);
        Map<String, ArrayNode> columns = new HashMap<>();
        CHARTED.forEach(name -> columns.put(name, into.putArray(name)));
        for (long at : grid) {
            for (Series series : STREAM) {
                if (!series.id().endsWith("Throttled")) {
                    add(columns.get(series.id()), results.get(series.id()), at, series.count());
                }
            }
            double throttled = value(results.get("readThrottled"), at) + value(results.get("writeThrottled"), at);
            columns.get("throttled").add(throttled / period);
        }
        ObjectNode byConsumer = into.putObject("consumers");
        for (int i = 0; i < consumers.size(); i++) {
            if (results.getOrDefault(CONSUMER.get(0).id() + i, new TreeMap<>()).isEmpty()
                    && results.getOrDefault(CONSUMER.get(1).id() + i, new TreeMap<>())
                            .isEmpty()) {
                continue;
            }
            ObjectNode consumer = byConsumer.putObject(consumers.get(i));
            for (Series series : CONSUMER) {
                ArrayNode column = consumer.putArray(series.id());
                for (long at : grid) {
                    add(column, results.get(series.id() + i), at, series.count());
                }
            }
        }
    }

    private void add(ArrayNode column, TreeMap<Long, Double> values, long at, boolean count) {
        if (count) {
            column.add(value(values, at) / period);
        } else if (values != null && values.containsKey(at)) {
            column.add(values.get(at));
        } else {
            column.addNull();
        }
    }

    private static double value(TreeMap<Long, Double> values, long at) {
        return values == null ? 0 : values.getOrDefault(at, 0.0);
    }
}
