package io.millrace.console.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Kinesis API's stream counters read back from the gateway's Prometheus page
 * ({@code millrace_kinesis_stream_*{stream="..."}}): what this process served, which is all of it on a single
 * gateway. Reading the page keeps the console off the Kinesis module's classes.
 */
public final class GatewayCounters implements ThroughputSource {

    private static final String PREFIX = "millrace_kinesis_stream_";
    private static final String[] SERIES = {
        "incoming_bytes_total",
        "incoming_records_total",
        "outgoing_bytes_total",
        "outgoing_records_total",
        "write_throughput_exceeded_total",
        "read_throughput_exceeded_total",
        "iterator_age_milliseconds"
    };

    private final Supplier<String> page;

    public GatewayCounters(Supplier<String> page) {
        this.page = page;
    }

    @Override
    public Map<String, StreamTotals> read() {
        Map<String, StreamTotals> totals = new HashMap<>();
        PerStreamSeries.read(page.get(), PREFIX).forEach((stream, series) -> {
            double[] v = new double[SERIES.length];
            for (int i = 0; i < SERIES.length; i++) {
                v[i] = series.getOrDefault(SERIES[i], 0.0);
            }
            totals.put(stream, new StreamTotals(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        });
        return totals;
    }
}
