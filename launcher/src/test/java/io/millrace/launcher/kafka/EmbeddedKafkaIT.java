package io.millrace.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.launcher.net.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirFindsTopicsAndAcknowledgedRecords() throws Exception {
        Path logDir = dataDir.resolve("kafka");
        Set<Thread> threadsBefore = nonDaemonThreads();

        RecordMetadata written;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings(logDir))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1)))
                        .all()
                        .get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true),
                    new StringSerializer(),
                    new StringSerializer())) {
                written = producer.send(new ProducerRecord<>("orders", 1, "order-7", "42 widgets"))
                        .get();
            }
        }
        assertThat(logDir.resolve("meta.properties")).exists();
        await("the broker's non-daemon threads end")
                .atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .untilAsserted(() -> assertThat(nonDaemonThreads()).isSubsetOf(threadsBefore));

        // Other ports on purpose: the data must not depend on where the node listened before.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings(logDir))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                TopicDescription orders = admin.describeTopics(List.of("orders"))
                        .allTopicNames()
                        .get()
                        .get("orders");
                assertThat(orders.partitions()).hasSize(2);
            }
            // A consumer group, not assign(): on one broker groups only work when the offsets topic has RF 1.
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                    return !read.isEmpty();
                });
            }
            assertThat(read).singleElement().satisfies(record -> {
                assertThat(record.partition()).isEqualTo(1);
                assertThat(record.offset()).isEqualTo(written.offset());
                assertThat(record.key()).isEqualTo("order-7");
                assertThat(record.value().getBytes(StandardCharsets.UTF_8))
                        .isEqualTo("42 widgets".getBytes(StandardCharsets.UTF_8));
            });
        }
        await("the broker's non-daemon threads end")
                .atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .untilAsserted(() -> assertThat(nonDaemonThreads()).isSubsetOf(threadsBefore));
    }

    @Test
    void topicsAreNotCreatedByAccident() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings(dataDir.resolve("kafka")));
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                1500),
                        new StringSerializer(),
                        new StringSerializer());
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>("typo", "x"));
            producer.flush();
            assertThat(admin.listTopics().names().get()).doesNotContain("typo");
        }
    }

    private static EmbeddedKafkaSettings settings(Path logDir) {
        int port = Ports.pickFree();
        int controllerPort;
        do {
            controllerPort = Ports.pickFree();
        } while (controllerPort == port);
        return new EmbeddedKafkaSettings(logDir, "127.0.0.1", port, controllerPort);
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }
}
