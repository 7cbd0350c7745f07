package io.millrace.gateway.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long the gateway took to answer each API call, per API, action and HTTP status, as the Prometheus histogram
 * {@code millrace_gateway_request_duration_seconds}. Recording costs two map lookups and a few adder increments,
 * without allocation once a series exists. Actions the API does not know are counted under {@link #OTHER_ACTION},
 * so that a client sending made-up names cannot grow the series without bound.
 */
public final class RequestMetrics {

    public static final String NAME = "millrace_gateway_request_duration_seconds";
    /** The action label of calls to an unknown API or action. */
    public static final String OTHER_ACTION = "other";

    /** Bucket bounds in seconds: from a cached lookup (about a millisecond) to a long-polling call. */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Key(String api, String action) {}

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            double seconds = nanos / 1e9;
            int i = 0;
            while (i < BOUNDS.length && seconds > BOUNDS[i]) {
                i++;
            }
            buckets[i].increment();
            sumNanos.add(nanos);
        }
    }

    private final Map<String, Map<String, Map<Integer, Histogram>>> series = new ConcurrentHashMap<>();

    /** One answered call: {@code api} is the X-Amz-Target prefix or the Query API's version. */
    public void record(String api, String action, int status, long nanos) {
        series.computeIfAbsent(api, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(action, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new Histogram())
                .observe(nanos);
    }

    public void render(PrometheusText out) {
        out.family(NAME, "histogram", "Time from a request read to its answer written, per API, action and status");
        Map<Key, Map<Integer, Histogram>> sorted =
                new TreeMap<>((a, b) -> a.api().equals(b.api())
                        ? a.action().compareTo(b.action())
                        : a.api().compareTo(b.api()));
        series.forEach(
                (api, actions) -> actions.forEach((action, byStatus) -> sorted.put(new Key(api, action), byStatus)));
        sorted.forEach((key, byStatus) -> new TreeMap<>(byStatus).forEach((status, histogram) -> {
            String code = Integer.toString(status);
            long cumulative = 0;
            for (int i = 0; i < histogram.buckets.length; i++) {
                cumulative += histogram.buckets[i].sum();
                double bound = i < BOUNDS.length ? BOUNDS[i] : Double.POSITIVE_INFINITY;
                out.sample(
                        NAME + "_bucket",
                        cumulative,
                        "api",
                        key.api(),
                        "action",
                        key.action(),
                        "status",
                        code,
                        "le",
                        PrometheusText.le(bound));
            }
            String[] labels = {"api", key.api(), "action", key.action(), "status", code};
            out.sample(NAME + "_sum", histogram.sumNanos.sum() / 1e9, labels);
            out.sample(NAME + "_count", cumulative, labels);
        }));
    }
}
