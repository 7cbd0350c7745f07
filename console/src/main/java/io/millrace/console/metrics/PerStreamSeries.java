package io.millrace.console.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The series of a Prometheus page labelled by stream ({@code PREFIXname{stream="..."} value}), as the gateway's
 * services write theirs: by stream, then by series name after the prefix.
 */
public final class PerStreamSeries {

    private static final String LABEL = "{stream=\"";
    private static final String CONSUMER = "\",consumer=\"";

    private PerStreamSeries() {}

    public static Map<String, Map<String, Double>> read(String page, String prefix) {
        Map<String, Map<String, Double>> values = new HashMap<>();
        for (String line : page.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int brace = line.indexOf(LABEL);
            int close = line.indexOf("\"} ", brace);
            if (brace < 0 || close < 0) {
                continue;
            }
            try {
                double value = Double.parseDouble(line.substring(close + 3).trim());
                values.computeIfAbsent(line.substring(brace + LABEL.length(), close), s -> new HashMap<>())
                        .put(line.substring(prefix.length(), brace), value);
            } catch (NumberFormatException e) {
                // Not a sample of ours (a timestamp after the value, say): the console shows what it can read.
            }
        }
        return values;
    }

    /**
     * The series labelled by stream and consumer ({@code PREFIXname{stream="...",consumer="..."} value}), as the
     * Kinesis API writes its enhanced fan-out ones: by stream, then consumer, then series name. Neither name can hold
     * a quote (AWS's patterns are {@code [a-zA-Z0-9_.-]+}).
     */
    public static Map<String, Map<String, Map<String, Double>>> readByConsumer(String page, String prefix) {
        Map<String, Map<String, Map<String, Double>>> values = new HashMap<>();
        read(page, prefix).forEach((labels, series) -> {
            int at = labels.indexOf(CONSUMER);
            if (at > 0) {
                values.computeIfAbsent(labels.substring(0, at), s -> new HashMap<>())
                        .put(labels.substring(at + CONSUMER.length()), series);
            }
        });
        return values;
    }
}
