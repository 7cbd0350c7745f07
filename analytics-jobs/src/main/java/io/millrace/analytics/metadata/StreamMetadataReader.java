package io.millrace.analytics.metadata;

import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the gateway's compacted metadata topic from the beginning to its end and keeps the last value of every
 * {@code stream/<name>} key. The topic is small (one live record per stream), so a full read is cheap and needs
 * no consumer group.
 */
public final class StreamMetadataReader {

  private static final String KEY_PREFIX = "stream/";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Properties consumerProperties;
  private final String metadataTopic;

  public StreamMetadataReader(String bootstrapServers, Map<String, String> kafkaProperties, String metadataTopic) {
    this.metadataTopic = metadataTopic;
    this.consumerProperties = new Properties();
    consumerProperties.putAll(kafkaProperties);
    consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // Reads to a known end offset: waiting for more bytes on the broker only slows every lookup down.
    consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
  }

  /** The live streams (not being deleted), by name. */
  public Map<String, StreamMetadata> readAll() {
    Map<String, StreamMetadata> streams = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(metadataTopic, TIMEOUT);
      if (partitions == null || partitions.isEmpty()) {
        return streams;
      }
      List<TopicPartition> assigned = partitions.stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .collect(Collectors.toList());
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading metadata topic " + metadataTopic);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(streams, record);
        }
      }
    }
    streams.values().removeIf(s -> s.getStatus() == StreamStatus.DELETING);
    return streams;
  }

  public Optional<StreamMetadata> read(String stream) {
    return Optional.ofNullable(readAll().get(stream));
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static void apply(Map<String, StreamMetadata> streams, ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return;
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    if (!key.startsWith(KEY_PREFIX)) {
      return;
    }
    String name = key.substring(KEY_PREFIX.length());
    if (record.value() == null) {
      streams.remove(name);
      return;
    }
    try {
      streams.put(name, StreamMetadata.fromByteBuffer(ByteBuffer.wrap(record.value())));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable metadata of stream " + name, e);
    }
  }
}
