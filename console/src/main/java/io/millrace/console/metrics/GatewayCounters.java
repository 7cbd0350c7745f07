package io.millrace.console.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Kinesis API's stream counters read back from the gateway's Prometheus page
 * ({@code millrace_kinesis_stream_*{stream="..."}}, and {@code millrace_kinesis_consumer_*{stream="...",consumer="..."}}
 * for enhanced fan-out): what this process served, which is all of it on a single gateway. Reading the page keeps the
 * console off the Kinesis module's classes.
 */
public final class GatewayCounters implements ThroughputSource {

    private static final String PREFIX = "millrace_kinesis_stream_";
    private static final String CONSUMER_PREFIX = "millrace_kinesis_consumer_";
    private static final String[] SERIES = {
        "incoming_bytes_total",
        "incoming_records_total",
        "outgoing_bytes_total",
        "outgoing_records_total",
        "write_throughput_exceeded_total",
        "read_throughput_exceeded_total",
        "iterator_age_milliseconds"
    };
    private static final String[] CONSUMER_SERIES = {
        "subscribe_to_shard_event_bytes_total",
        "subscribe_to_shard_event_records_total",
        "subscribe_to_shard_event_millis_behind_latest_milliseconds"
    };

    private final Supplier<String> page;

    public GatewayCounters(Supplier<String> page) {
        this.page = page;
    }

    @Override
    public Map<String, StreamTotals> read() {
        String text = page.get();
        Map<String, Map<String, Double>> streams = PerStreamSeries.read(text, PREFIX);
        Map<String, Map<String, Map<String, Double>>> consumers = PerStreamSeries.readByConsumer(text, CONSUMER_PREFIX);
        Set<String> names = new HashSet<>(streams.keySet());
        names.addAll(consumers.keySet());
        Map<String, StreamTotals> totals = new HashMap<>();
        for (String stream : names) {
            double[] v = values(streams.getOrDefault(stream, Map.of()), SERIES);
            Map<String, ConsumerTotals> fanOut = new HashMap<>();
            consumers.getOrDefault(stream, Map.of()).forEach((consumer, series) -> {
                double[] c = values(series, CONSUMER_SERIES);
                fanOut.put(consumer, new ConsumerTotals(c[0], c[1], c[2]));
            });
            totals.put(stream, new StreamTotals(v[0], v[1], v[2], v[3], v[4], v[5], v[6], fanOut));
        }
        return totals;
    }

    private static double[] values(Map<String, Double> series, String[] names) {
        double[] v = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            v[i] = series.getOrDefault(names[i], 0.0);
        }
        return v;
    }
}
