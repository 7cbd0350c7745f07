package io.millrace.gateway.metrics;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: a family's {@code # HELP} and {@code # TYPE} lines,
 * then its samples, label values escaped as the format wants. Names follow Prometheus's conventions: the unit in the
 * name ({@code _seconds}, {@code _bytes}), counters ending in {@code _total}.
 */
public final class PrometheusText {

    /** The content type of {@code GET /metrics}, as Prometheus asks for the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out;

    public PrometheusText(StringBuilder out) {
        this.out = out;
    }

    /** Starts a family: {@code type} is counter, gauge, histogram, summary or untyped. */
    public PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample; {@code labels} alternate names and values. */
    public PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1], true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ');
        value(value);
        out.append('\n');
        return this;
    }

    private void value(double value) {
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "+Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    /** Backslash and newline in help texts; those and the double quote in label values. */
    private void escape(String text, boolean labelValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** The {@code le} label of a histogram bucket bound. */
    public static String le(double bound) {
        return Double.isInfinite(bound) ? "+Inf" : Double.toString(bound);
    }
}
