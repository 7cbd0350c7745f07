package io.millrace.cloudwatch.store;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams topology behind the API: datapoints (keyed by metric, stamped with their own timestamps) are
 * summed into 1-minute windows, and those of StorageResolution 1 into 1-second windows too, each in a windowed store
 * with a changelog topic; a key-value store keeps, per metric, the time of its newest datapoint (ListMetrics).
 * A window accepts datapoints as late as its store's retention, as AWS accepts datapoints two weeks old.
 */
public final class MetricsTopology {

    public static final String MINUTE_STORE = "metrics-1m";
    public static final String SECOND_STORE = "metrics-1s";
    public static final String NAMES_STORE = "metric-names";

    private MetricsTopology() {}

    /** The store of 1-second windows ({@code highResolution}) or of 1-minute ones. */
    public static String windowStore(boolean highResolution) {
        return highResolution ? SECOND_STORE : MINUTE_STORE;
    }

    public static Topology build(String topic, Duration retention, Duration highResolutionRetention) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<MetricKey, Datapoint> points =
                builder.stream(topic, Consumed.with(MetricSerdes.key(), MetricSerdes.datapoint()));
        Grouped<MetricKey, Datapoint> byMetric = Grouped.with(MetricSerdes.key(), MetricSerdes.datapoint());
        aggregate(points.groupByKey(byMetric), Duration.ofMinutes(1), retention, MINUTE_STORE);
        aggregate(
                points.filter((key, point) -> point.highResolution()).groupByKey(byMetric),
                Duration.ofSeconds(1),
                highResolutionRetention,
                SECOND_STORE);
        points.groupByKey(byMetric)
                .aggregate(
                        () -> 0L,
                        (key, point, newest) -> Math.max(newest, point.timestampMs()),
                        Materialized.<MetricKey, Long, KeyValueStore<Bytes, byte[]>>as(NAMES_STORE)
                                .withKeySerde(MetricSerdes.key())
                                .withValueSerde(Serdes.Long())
                                .withCachingDisabled());
        return builder.build();
    }

    private static void aggregate(
            KGroupedStream<MetricKey, Datapoint> grouped, Duration size, Duration retention, String store) {
        grouped.windowedBy(TimeWindows.ofSizeAndGrace(size, retention.minus(size)))
                .aggregate(
                        () -> Stats.EMPTY,
                        (key, point, stats) -> stats.plus(point.stats()),
                        Materialized.<MetricKey, Stats, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(MetricSerdes.key())
                                .withValueSerde(MetricSerdes.stats())
                                .withRetention(retention)
                                .withCachingDisabled());
    }
}
