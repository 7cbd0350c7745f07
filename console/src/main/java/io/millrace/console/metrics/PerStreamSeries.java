package io.millrace.console.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The series of a Prometheus page labelled by stream alone ({@code PREFIXname{stream="..."} value}), as the gateway's
 * services write theirs: by stream, then by series name after the prefix.
 */
public final class PerStreamSeries {

    private static final String LABEL = "{stream=\"";

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
}
