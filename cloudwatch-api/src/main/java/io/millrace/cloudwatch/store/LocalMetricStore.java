package io.millrace.cloudwatch.store;

import io.millrace.cloudwatch.errors.CloudWatchErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the aggregates this gateway's Kafka Streams instance holds (interactive queries of the partitions it owns);
 * {@code io.millrace.cloudwatch.cluster.ClusterMetricStore} asks the other gateways for theirs.
 */
public final class LocalMetricStore {

    private final KafkaStreams streams;

    public LocalMetricStore(KafkaStreams streams) {
        this.streams = streams;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * The windows of {@code metric} that start in [{@code start}, {@code end}), 1-second ones when
     * {@code highResolution}, else 1-minute ones; ordered by time.
     */
    public List<Window> windows(MetricKey metric, Instant start, Instant end, boolean highResolution) {
        List<Window> windows = new ArrayList<>();
        if (!start.isBefore(end)) {
            return windows;
        }
        ReadOnlyWindowStore<MetricKey, Stats> store = windowStore(MetricsTopology.windowStore(highResolution));
        try (WindowStoreIterator<Stats> found = store.fetch(metric, start, end.minusMillis(1))) {
            while (found.hasNext()) {
                KeyValue<Long, Stats> window = found.next();
                windows.add(new Window(window.key, window.value));
            }
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
        return windows;
    }

    /** Every metric held here with a datapoint at or after {@code since}. */
    public List<MetricKey> metricsSince(Instant since) {
        List<MetricKey> metrics = new ArrayList<>();
        try (KeyValueIterator<MetricKey, Long> all = namesStore().all()) {
            while (all.hasNext()) {
                KeyValue<MetricKey, Long> entry = all.next();
                if (entry.value >= since.toEpochMilli()) {
                    metrics.add(entry.key);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
        return metrics;
    }

    private ReadOnlyWindowStore<MetricKey, Stats> windowStore(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.windowStore()));
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
    }

    private ReadOnlyKeyValueStore<MetricKey, Long> namesStore() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(
                    MetricsTopology.NAMES_STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
    }
}
