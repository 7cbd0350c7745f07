package io.millrace.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests that scrape {@code GET /metrics}: it
 * refuses what Prometheus would refuse or what breaks its conventions (a sample before its family's TYPE, a family
 * declared twice or split, a bad name or escape, a duplicate series, a counter without {@code _total}, a histogram
 * without its {@code +Inf} bucket or with buckets that shrink or disagree with its count), so that a test passing
 * through it knows a scraper will read the page as meant.
 */
public final class PrometheusExposition {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its full name (with {@code _bucket}, {@code _sum}... for histograms), labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** A metric family: name, type, help and samples, in the order read. */
    public record Family(String name, String type, String help, List<Sample> samples) {}

    private final Map<String, Family> families;

    private PrometheusExposition(Map<String, Family> families) {
        this.families = families;
    }

    public Map<String, Family> families() {
        return families;
    }

    /** The family named {@code name}; fails when there is none. */
    public Family family(String name) {
        return Objects.requireNonNull(families.get(name), () -> "no family " + name);
    }

    /** The value of the sample {@code name} with exactly {@code labels}; NaN when there is none. */
    public double value(String name, Map<String, String> labels) {
        for (Family family : families.values()) {
            for (Sample sample : family.samples()) {
                if (sample.name().equals(name) && sample.labels().equals(labels)) {
                    return sample.value();
                }
            }
        }
        return Double.NaN;
    }

    /** Reads {@code text}; throws {@link IllegalArgumentException} naming the line at the first violation. */
    public static PrometheusExposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new HashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> seenSeries = new HashSet<>();
        Family current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            try {
                if (line.startsWith("# HELP ")) {
                    String[] parts = line.substring(7).split(" ", 2);
                    name(parts[0]);
                    if (helps.put(parts[0], parts.length > 1 ? unescape(parts[1], false) : "") != null) {
                        throw new IllegalArgumentException("second HELP for " + parts[0]);
                    }
                } else if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    if (parts.length != 2 || !TYPES.contains(parts[1])) {
                        throw new IllegalArgumentException("bad TYPE line");
                    }
                    name(parts[0]);
                    if (families.containsKey(parts[0])) {
                        throw new IllegalArgumentException("second TYPE for " + parts[0]);
                    }
                    if (parts[1].equals("counter") && !parts[0].endsWith("_total")) {
                        throw new IllegalArgumentException("counter " + parts[0] + " does not end with _total");
                    }
                    if (current != null) {
                        closed.add(current.name());
                    }
                    current = new Family(parts[0], parts[1], helps.getOrDefault(parts[0], ""), new ArrayList<>());
                    families.put(parts[0], current);
                } else if (line.startsWith("#") || line.isBlank()) {
                    continue;
                } else {
                    Sample sample = sample(line);
                    if (current == null || !belongs(sample.name(), current)) {
                        throw new IllegalArgumentException(
                                "sample " + sample.name() + " outside its family (every sample here follows a TYPE)");
                    }
                    if (!seenSeries.add(sample.name() + new TreeMap<>(sample.labels()))) {
                        throw new IllegalArgumentException("duplicate series");
                    }
                    current.samples().add(sample);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + number + " (" + line + "): " + e.getMessage(), e);
            }
        }
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(PrometheusExposition::histogram);
        return new PrometheusExposition(families);
    }

    private static boolean belongs(String sample, Family family) {
        return switch (family.type()) {
            case "histogram" ->
                sample.equals(family.name() + "_bucket")
                        || sample.equals(family.name() + "_sum")
                        || sample.equals(family.name() + "_count");
            case "summary" ->
                sample.equals(family.name())
                        || sample.equals(family.name() + "_sum")
                        || sample.equals(family.name() + "_count");
            default -> sample.equals(family.name());
        };
    }

    /** Each histogram series: buckets that never shrink, a {@code +Inf} bucket, and a count equal to it. */
    private static void histogram(Family family) {
        Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        for (Sample sample : family.samples()) {
            Map<String, String> labels = new TreeMap<>(sample.labels());
            if (sample.name().endsWith("_bucket")) {
                if (labels.remove("le") == null) {
                    throw new IllegalArgumentException(family.name() + ": a bucket without le");
                }
                bySeries.computeIfAbsent(labels, l -> new ArrayList<>()).add(sample);
            } else if (sample.name().endsWith("_count")) {
                counts.put(labels, sample.value());
            }
        }
        bySeries.forEach((labels, buckets) -> {
            double previousBound = Double.NEGATIVE_INFINITY;
            double previous = 0;
            for (Sample bucket : buckets) {
                double bound = number(bucket.labels().get("le"));
                if (bound <= previousBound || bucket.value() < previous) {
                    throw new IllegalArgumentException(family.name() + labels + ": buckets out of order or shrinking");
                }
                previousBound = bound;
                previous = bucket.value();
            }
            if (previousBound != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(family.name() + labels + ": no +Inf bucket");
            }
            if (!Objects.equals(counts.get(labels), previous)) {
                throw new IllegalArgumentException(family.name() + labels + ": _count differs from the +Inf bucket");
            }
        });
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException("bad label name " + label);
                }
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    j += line.charAt(j) == '\\' ? 2 : 1;
                }
                String raw = line.substring(eq + 2, j);
                if (labels.put(label, unescape(raw, true)) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected , or } after a label");
                }
            }
            rest = i + 1;
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        name(name);
        if (rest >= line.length() || line.charAt(rest) != ' ') {
            throw new IllegalArgumentException("no value");
        }
        String[] tail = line.substring(rest + 1).split(" ");
        if (tail.length > 2) {
            throw new IllegalArgumentException("too many fields");
        }
        if (tail.length == 2) {
            Long.parseLong(tail[1]);
        }
        return new Sample(name, labels, number(tail[0]));
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static void name(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
    }

    /** {@code \\}, {@code \n} and, in label values, {@code \"}; any other escape is an error. */
    private static String unescape(String text, boolean labelValue) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case '"' -> {
                    if (!labelValue) {
                        throw new IllegalArgumentException("\\\" in a HELP text");
                    }
                    out.append('"');
                }
                default -> throw new IllegalArgumentException("bad escape \\" + next);
            }
        }
        return out.toString();
    }
}
