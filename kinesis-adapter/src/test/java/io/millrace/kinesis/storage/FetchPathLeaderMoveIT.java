package io.millrace.kinesis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;

/**
 * GetRecords' fetch path while the shard's partition changes leader: three brokers in this JVM, a producer writing
 * numbered records without pause, and a reader looping through the fetch pool while (1) the leading broker shuts
 * down and (2) the partition is reassigned to the two brokers left with the other one preferred and a preferred
 * leader election moves it there (a new leader and a new leader epoch each time). The reader must read every
 * number once, in order, and no read may fail. The abrupt form (kill -9 of a broker process) is cluster-kit's.
 */
class FetchPathLeaderMoveIT {

    private static final int PHASE = 1_500;

    @Test
    void readsEveryRecordOnceWhileTheLeaderMoves() throws Exception {
        KafkaClusterTestKit cluster = threeBrokers();
        String topic = "leader-move";
        TopicPartition tp = new TopicPartition(topic, 0);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        AtomicReference<Throwable> producerError = new AtomicReference<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> producer = CompletableFuture.runAsync(
                    () -> produce(cluster.bootstrapServers(), topic, producing, acked, producerError));
            Reader reader = new Reader(cluster.bootstrapServers(), topic);
            CompletableFuture<Void> reading = CompletableFuture.runAsync(reader);
            try {
                awaitAcks(acked, PHASE, producerError);
                TopicPartitionInfo before = partition(admin, topic);
                int first = before.leader().id();
                cluster.brokers().get(first).shutdown();
                TopicPartitionInfo afterShutdown = awaitLeaderOtherThan(admin, topic, first);

                awaitAcks(acked, 2L * PHASE, producerError);
                int leader = afterShutdown.leader().id();
                int other = afterShutdown.isr().stream()
                        .mapToInt(org.apache.kafka.common.Node::id)
                        .filter(id -> id != leader && id != first)
                        .findFirst()
                        .orElseThrow();
                // The dead broker leaves the replicas; the other live one becomes the preferred leader.
                admin.alterPartitionReassignments(
                                Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(other, leader)))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                awaitReplicas(admin, topic, List.of(other, leader));
                admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
                        .partitions()
                        .get(30, TimeUnit.SECONDS);
                awaitLeaderOtherThan(admin, topic, leader);

                awaitAcks(acked, 3L * PHASE, producerError);
            } finally {
                producing.set(false);
                producer.get(60, TimeUnit.SECONDS);
            }
            assertThat(producerError.get()).isNull();
            reader.until.set(acked.get());
            reading.get(60, TimeUnit.SECONDS);

            List<Long> expected = new ArrayList<>();
            for (long n = 0; n < acked.get(); n++) {
                expected.add(n);
            }
            assertThat(reader.numbers).as("every record once, in order").isEqualTo(expected);
            assertThat(reader.fetched.get())
                    .as("reads answered by the fetch path itself")
                    .isPositive();
        } finally {
            cluster.close();
        }
    }

    /** Reads the partition from offset 0 through the fetch pool until it has {@link #until} records. */
    private static final class Reader implements Runnable {
        final AtomicLong until = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong fetched = new AtomicLong();
        final List<Long> numbers = new ArrayList<>();
        private final String servers;
        private final String topic;

        Reader(String servers, String topic) {
            this.servers = servers;
            this.topic = topic;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            try (ShardReaderPool pool = new ShardReaderPool(
                    Map.of("bootstrap.servers", servers), 1, new ReadPrefetchBudget(64L << 20), true)) {
                long offset = 0;
                while (numbers.size() < until.get()) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("read " + numbers.size() + " records in 3 minutes");
                    }
                    ShardReaderPool.ReadResult result = pool.read(topic, 0, offset, 500, 1 << 20, -1);
                    RecordRun run = result.run();
                    if (run != null) {
                        if (run.size() > 0) {
                            fetched.incrementAndGet();
                        }
                        for (int i = 0; i < run.size(); i++) {
                            numbers.add(Long.parseLong(new String(
                                    run.array(i), run.valueAt(i), run.valueLength(i), StandardCharsets.US_ASCII)));
                        }
                    } else {
                        result.records()
                                .forEach(r -> numbers.add(Long.parseLong(StandardCharsets.US_ASCII
                                        .decode(r.value())
                                        .toString())));
                    }
                    offset = result.nextOffset();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static KafkaClusterTestKit threeBrokers() throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false)
                .setNumBrokerNodes(3)
                .setNumControllerNodes(1)
                .build());
        // No unclean elections (Kafka's default, stated): a record acknowledged by two replicas stays.
        builder.setConfigProp("unclean.leader.election.enable", "false");
        builder.setConfigProp("transaction.state.log.min.isr", "2");
        builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
        return TestKitClusters.started(builder);
    }

    /** Numbers 0, 1, 2, ... as values, acks=all and idempotent (no duplicate from a retried send). */
    private static void produce(
            String servers, String topic, AtomicBoolean producing, AtomicLong acked, AtomicReference<Throwable> error) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        "bootstrap.servers",
                        servers,
                        "acks",
                        "all",
                        "enable.idempotence",
                        true,
                        "linger.ms",
                        2,
                        "delivery.timeout.ms",
                        120_000),
                new StringSerializer(),
                new StringSerializer())) {
            long n = 0;
            while (producing.get()) {
                // In batches of 50, waiting for each: a failed send stops the numbering where it failed.
                List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
                for (int i = 0; i < 50; i++, n++) {
                    sends.add(producer.send(new ProducerRecord<>(topic, 0, "k", Long.toString(n))));
                }
                for (java.util.concurrent.Future<?> send : sends) {
                    send.get();
                }
                acked.set(n);
            }
        } catch (Exception e) {
            error.set(e);
        }
    }

    private static void awaitAcks(AtomicLong acked, long count, AtomicReference<Throwable> error)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (acked.get() < count) {
            assertThat(error.get()).isNull();
            assertThat(System.nanoTime())
                    .as("%d records acknowledged", acked.get())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static TopicPartitionInfo partition(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
        return description.partitions().get(0);
    }

    private static TopicPartitionInfo awaitLeaderOtherThan(Admin admin, String topic, int old) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            TopicPartitionInfo info = partition(admin, topic);
            if (info.leader() != null && info.leader().id() != old) {
                return info;
            }
            assertThat(System.nanoTime()).as("leader still %d", old).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitReplicas(Admin admin, String topic, List<Integer> replicas) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!partition(admin, topic).replicas().stream()
                .map(org.apache.kafka.common.Node::id)
                .toList()
                .equals(replicas)) {
            assertThat(System.nanoTime()).as("replicas not %s", replicas).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
