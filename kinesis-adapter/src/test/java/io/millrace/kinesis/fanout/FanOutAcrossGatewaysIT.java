package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * One consumer subscribed to one shard through two gateways at once (each gateway allows one subscription per
 * consumer and shard, and AWS one per consumer and shard in all): the two subscriptions together are paced at the
 * consumer's 2 MiB/s on the shard, not 2 MiB/s each, because the gateways exchange what their subscriptions sent
 * (every 100 ms here) and debit it from the consumer's budget.
 */
class FanOutAcrossGatewaysIT {

    private static final long MIB = 1024 * 1024;
    private static final int RECORD_BYTES = 256 * 1024;
    /** 16 MiB in the shard: each subscription reads all of it, 32 MiB sent in all. */
    private static final int RECORDS = 64;
    /** Publishing interval plus a generous propagation delay on a busy shared 2-core machine (as ClusterUsageIT). */
    private static final double LATE_SECONDS = 1.0;

    @Test
    void aConsumerReadingThroughTwoGatewaysGetsItsRateNotTwiceIt() throws Exception {
        Map<String, String> config = Map.of(
                KinesisConfig.SHARD_LIMITS, "aws",
                KinesisConfig.CLUSTER_USAGE_INTERVAL_MS, "100");
        try (TestGateway first = TestGateway.start(config);
                TestGateway second = TestGateway.start(config);
                KinesisClient kinesis = first.client(true);
                KinesisClient other = second.client(true);
                KinesisAsyncClient firstAsync = FanOutClients.async(first, true);
                KinesisAsyncClient secondAsync = FanOutClients.async(second, true)) {
            String stream = "fan-out-shared-" + UUID.randomUUID().toString().substring(0, 8);
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            String streamArn = awaitActive(other, stream);
            // Written to the stream's topic with a plain producer: the shard's write quota would make 16 MiB take
            // 16 s through the API, and only the reads are under test.
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            EmbeddedKafka.shared().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(
                            stream, 0, ("key-" + i).getBytes(StandardCharsets.UTF_8), new byte[RECORD_BYTES]));
                }
                producer.flush();
            }
            String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
            FanOutClients.awaitStatus(other, consumerArn, ConsumerStatus.ACTIVE);

            StartingPosition start = StartingPosition.builder()
                    .type(ShardIteratorType.TRIM_HORIZON)
                    .build();
            long startNanos = System.nanoTime();
            FanOutClients.Recording throughFirst =
                    new FanOutClients.Recording(firstAsync, consumerArn, "shardId-000000000000", start);
            FanOutClients.Recording throughSecond =
                    new FanOutClients.Recording(secondAsync, consumerArn, "shardId-000000000000", start);
            try {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> throughFirst.records().size() == RECORDS
                                && throughSecond.records().size() == RECORDS);
            } finally {
                throughFirst.cancel();
                throughSecond.cancel();
            }
            long lastArrival = Math.max(
                    throughFirst.arrivalNanos.get(throughFirst.arrivalNanos.size() - 1),
                    throughSecond.arrivalNanos.get(throughSecond.arrivalNanos.size() - 1));
            double seconds = (lastArrival - startNanos) / 1e9;
            long sent = 2L * RECORDS * RECORD_BYTES;
            // Any T seconds: at most R*T + B + (N-1)*(B + R*d), R = B = 2 MiB, N = 2 (the README's bound). Each
            // gateway pacing only its own subscription would send the 32 MiB in about 7 s, where the bound is 20 MiB.
            assertThat(sent).isLessThanOrEqualTo((long) (2 * MIB * (seconds + 1 + 1 + LATE_SECONDS)));
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
    }

    private static String awaitActive(KinesisClient kinesis, String stream) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> kinesis.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        return kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
    }
}
