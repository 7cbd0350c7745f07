package io.millrace.cloudwatch.store;

import io.millrace.cloudwatch.errors.CloudWatchErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
 * Reads the aggregates of this gateway's Kafka Streams instance (interactive queries). A metric whose partition
 * another gateway owns is not seen here: forwarding such reads to the owner is future work (see the README).
 */
public final class MetricStore {

    private final KafkaStreams streams;

    public MetricStore(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * The statistics of {@code metric} in buckets of {@code periodSeconds} aligned on the epoch, for windows that
     * start in [{@code start}, {@code end}), from 1-second windows when {@code highResolution}; ordered by time.
     */
    public TreeMap<Instant, Stats> buckets(
            MetricKey metric, Instant start, Instant end, long periodSeconds, boolean highResolution) {
        ReadOnlyWindowStore<MetricKey, Stats> store =
                store(highResolution ? MetricsTopology.SECOND_STORE : MetricsTopology.MINUTE_STORE);
        long periodMs = periodSeconds * 1000;
        TreeMap<Instant, Stats> buckets = new TreeMap<>();
        if (!start.isBefore(end)) {
            return buckets;
        }
        try (WindowStoreIterator<Stats> windows = store.fetch(metric, start, end.minusMillis(1))) {
            while (windows.hasNext()) {
                KeyValue<Long, Stats> window = windows.next();
                Instant bucket = Instant.ofEpochMilli(Math.floorDiv(window.key, periodMs) * periodMs);
                buckets.merge(bucket, window.value, Stats::plus);
            }
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
        return buckets;
    }

    /** Every metric with a datapoint at or after {@code since}, in key order, with its newest datapoint's time. */
    public List<MetricKey> metricsSince(Instant since) {
        ReadOnlyKeyValueStore<MetricKey, Long> names = keyValueStore();
        List<MetricKey> metrics = new ArrayList<>();
        try (KeyValueIterator<MetricKey, Long> all = names.all()) {
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

    private ReadOnlyWindowStore<MetricKey, Stats> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.windowStore()));
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
    }

    private ReadOnlyKeyValueStore<MetricKey, Long> keyValueStore() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(
                    MetricsTopology.NAMES_STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw CloudWatchErrors.storesNotReady();
        }
    }
}
