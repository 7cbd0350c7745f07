package io.millrace.cloudwatch.cluster;

import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.cloudwatch.peer.PeerClient;
import io.millrace.cloudwatch.store.LocalMetricStore;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.cloudwatch.store.MetricSerdes;
import io.millrace.cloudwatch.store.MetricsTopology;
import io.millrace.cloudwatch.store.Stats;
import io.millrace.cloudwatch.store.Window;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The aggregates of every gateway, read from any: a metric's windows live on the gateway whose Kafka Streams
 * instance owns its partition ({@code queryMetadataForKey}), which this one reads itself or asks over HTTP; the
 * list of metrics is the union of every instance's ({@code streamsMetadataForStore}). Without an advertised
 * endpoint ({@code self} empty) every read is local: right for a lone gateway.
 */
public final class ClusterMetricStore {

    private final LocalMetricStore local;
    private final Optional<HostInfo> self;
    private final PeerClient peers;

    public ClusterMetricStore(LocalMetricStore local, Optional<HostInfo> self, PeerClient peers) {
        this.local = local;
        this.self = self;
        this.peers = peers;
    }

    /**
     * The statistics of {@code metric} in buckets of {@code periodSeconds} aligned on the epoch, for windows that
     * start in [{@code start}, {@code end}), from 1-second windows when {@code highResolution}; ordered by time.
     */
    public TreeMap<Instant, Stats> buckets(
            MetricKey metric, Instant start, Instant end, long periodSeconds, boolean highResolution) {
        long periodMs = periodSeconds * 1000;
        TreeMap<Instant, Stats> buckets = new TreeMap<>();
        for (Window window : windows(metric, start, end, highResolution)) {
            Instant bucket = Instant.ofEpochMilli(Math.floorDiv(window.startMs(), periodMs) * periodMs);
            buckets.merge(bucket, window.stats(), Stats::plus);
        }
        return buckets;
    }

    private List<Window> windows(MetricKey metric, Instant start, Instant end, boolean highResolution) {
        if (self.isEmpty()) {
            return local.windows(metric, start, end, highResolution);
        }
        KeyQueryMetadata owner = local.streams()
                .queryMetadataForKey(
                        MetricsTopology.windowStore(highResolution),
                        metric,
                        MetricSerdes.key().serializer());
        HostInfo host = owner.activeHost();
        if (host.equals(self.get())) {
            return local.windows(metric, start, end, highResolution);
        }
        if (host.port() < 0) {
            // KeyQueryMetadata.NOT_AVAILABLE: the group is rebalancing.
            throw CloudWatchErrors.storesNotReady();
        }
        return peers.windows(host, metric, start, end, highResolution);
    }

    /** Every metric of the cluster with a datapoint at or after {@code since}, each once. */
    public Set<MetricKey> metricsSince(Instant since) {
        Set<MetricKey> metrics = new HashSet<>();
        if (self.isEmpty()) {
            metrics.addAll(local.metricsSince(since));
            return metrics;
        }
        // An instance that owns no partition is not listed, and holds nothing to list.
        for (StreamsMetadata instance : local.streams().streamsMetadataForStore(MetricsTopology.NAMES_STORE)) {
            metrics.addAll(
                    instance.hostInfo().equals(self.get())
                            ? local.metricsSince(since)
                            : peers.metricsSince(instance.hostInfo(), since));
        }
        return metrics;
    }
}
