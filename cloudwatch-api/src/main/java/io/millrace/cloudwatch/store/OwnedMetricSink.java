package io.millrace.cloudwatch.store;

import io.millrace.metrics.MetricSample;
import io.millrace.metrics.MetricSink;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The platform sink for figures every gateway can read alike (an application's figures from a Flink cluster they
 * share): a sample is written only by the gateway whose Kafka Streams instance owns the partition of its metric, so
 * the cluster publishes each figure once a minute, not once per gateway. While the group rebalances a gateway may own
 * nothing (that minute is missed) or two may own the same partition for a moment (counted twice): a minute's figure
 * at worst.
 */
public final class OwnedMetricSink implements MetricSink {

    private final MetricSink sink;
    private final MetricWriter writer;
    private final KafkaStreams streams;

    public OwnedMetricSink(MetricSink sink, MetricWriter writer, KafkaStreams streams) {
        this.sink = sink;
        this.writer = writer;
        this.streams = streams;
    }

    @Override
    public void publish(List<MetricSample> samples) {
        Set<Integer> owned = ownedPartitions();
        List<MetricSample> mine = samples.stream()
                .filter(sample -> owned.contains(writer.partitionOf(
                        new MetricKey(sample.namespace(), sample.metricName(), sample.dimensions()))))
                .toList();
        if (!mine.isEmpty()) {
            sink.publish(mine);
        }
    }

    private Set<Integer> ownedPartitions() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(writer.topic()))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }
}
