package io.millrace.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Offset lookups against a real broker: log ends, offsets by time, and a bounded failure. */
class OffsetLookupsIT {

    private static final String TOPIC = "offset-lookups";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private static OffsetLookups lookups;
    private static long firstTimestamp;

    @BeforeAll
    static void writeRecords() throws Exception {
        Map<String, Object> props = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedKafka.shared().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = new java.util.HashMap<>(props);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        firstTimestamp = 1_000_000L;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Partition 0: five records one second apart; partition 1: none.
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, firstTimestamp + i * 1000L, null, new byte[] {(byte) i}))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        lookups = new OffsetLookups(props, "offset-lookups-it", Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        if (lookups != null) {
            lookups.close();
        }
    }

    @Test
    void logEndsOfEachPartition() throws Exception {
        assertThat(lookups.ends(List.of(P0, P1)).get(30, TimeUnit.SECONDS)).isEqualTo(Map.of(P0, 5L, P1, 0L));
        assertThat(lookups.end(P0).get(30, TimeUnit.SECONDS)).isEqualTo(5L);
    }

    @Test
    void concurrentLookupsEachGetTheirAnswer() throws Exception {
        List<CompletableFuture<Long>> answers = IntStream.range(0, 50)
                .mapToObj(i -> i % 2 == 0 ? lookups.end(P0) : lookups.end(P1))
                .toList();
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? 5L : 0L);
        }
    }

    @Test
    void firstRecordAtOrAfterATime() throws Exception {
        assertThat(lookups.firstAtOrAfter(P0, 0).get(30, TimeUnit.SECONDS)).isZero();
        assertThat(lookups.firstAtOrAfter(P0, firstTimestamp + 2500).get(30, TimeUnit.SECONDS))
                .isEqualTo(3L);
        assertThat(lookups.firstAtOrAfter(P0, firstTimestamp + 10_000).get(30, TimeUnit.SECONDS))
                .as("none that late")
                .isEqualTo(-1L);
    }

    /** A partition no broker leads (here: of a topic that does not exist) fails in time, with a retriable error. */
    @Test
    void aLookupNoLeaderAnswersFailsWithinItsBound() throws Exception {
        try (OffsetLookups quick = new OffsetLookups(
                Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        EmbeddedKafka.shared().bootstrapServers()),
                "offset-lookups-it-quick",
                Duration.ofMillis(500))) {
            assertThatThrownBy(() ->
                            quick.end(new TopicPartition("no-such-topic", 0)).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RetriableException.class);
            assertThat(quick.end(P0).get(30, TimeUnit.SECONDS))
                    .as("the next lookup")
                    .isEqualTo(5L);
        }
    }
}
