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
        Map<String, double[]> values = new HashMap<>();
        for (String line : page.get().split("\n")) {
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            int brace = line.indexOf("{stream=\"");
            int close = line.indexOf("\"} ", brace);
            if (brace < 0 || close < 0) {
                continue;
            }
            String series = line.substring(PREFIX.length(), brace);
            for (int i = 0; i < SERIES.length; i++) {
                if (SERIES[i].equals(series)) {
                    values.computeIfAbsent(line.substring(brace + 9, close), s -> new double[SERIES.length])[i] =
                            Double.parseDouble(line.substring(close + 3).trim());
                }
            }
        }
        Map<String, StreamTotals> totals = new HashMap<>();
        values.forEach((stream, v) -> totals.put(stream, new StreamTotals(v[0], v[1], v[2], v[3], v[4], v[5], v[6])));
        return totals;
    }
}
