package io.millrace.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The versioned store as two gateways on one real broker see it: each test has a topic of its own. */
class VersionedStoreIT {

    private static EmbeddedKafka kafka;
    private static Admin admin;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new EmbeddedKafka();
        admin = Admin.create(props());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        admin.close();
        kafka.close();
    }

    private static Map<String, Object> props() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    /** A gateway's store of entries on {@code topic}, started. */
    private VersionedStore<Entry> gateway(String topic) throws Exception {
        VersionedTopic versioned = new VersionedTopic(props(), admin, topic, "test-" + topic);
        VersionedStore<Entry> store = versioned.keySpace(Entry.FORMAT);
        versioned.start(Duration.ofSeconds(30));
        opened.add(versioned);
        return store;
    }

    @AfterEach
    void closeGateways() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** Waits for every write; returns the causes of those that failed. */
    @SafeVarargs
    private static List<Throwable> failuresOf(CompletableFuture<Entry>... writes) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Entry> write : writes) {
            try {
                await(write);
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        return failures;
    }

    private static String topic(TestInfo test) {
        return "__test_" + test.getTestMethod().orElseThrow().getName();
    }

    @Test
    void ofTwoWritesOfTheSameVersionOneWinsAndBothGatewaysAgree(TestInfo test) throws Exception {
        VersionedStore<Entry> a = gateway(topic(test));
        VersionedStore<Entry> b = gateway(topic(test));
        Entry created = await(a.write(Entry.key("s"), new Entry("s", "i", 1, "0")));
        await(b.sync());
        assertThat(b.get(Entry.key("s"))).contains(created);

        assertThat(failuresOf(
                        a.write(Entry.key("s"), created.next("by a")), b.write(Entry.key("s"), created.next("by b"))))
                .hasSize(1)
                .first()
                .isInstanceOf(VersionConflictException.class);
        await(a.sync());
        await(b.sync());
        Entry second = a.get(Entry.key("s")).orElseThrow();
        assertThat(b.get(Entry.key("s"))).contains(second);
        assertThat(second.version()).isEqualTo(2);

        // Both computed the same value from the same state: one of them must retry, or an increment is lost.
        Entry same = second.next("same");
        assertThat(failuresOf(a.write(Entry.key("s"), same), b.write(Entry.key("s"), same)))
                .hasSize(1)
                .first()
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void concurrentUpdatesAllLandThroughRetries(TestInfo test) throws Exception {
        VersionedStore<Entry> a = gateway(topic(test));
        VersionedStore<Entry> b = gateway(topic(test));
        await(a.write(Entry.key("counter"), new Entry("counter", "i", 1, "0")));
        await(b.sync());
        // Each gateway's attempt loses only to a win of the other's: 5 updates each stay within the retries.
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (VersionedStore<Entry> store : List.of(a, b)) {
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    store.update(Entry.key("counter"), c -> c.next(String.valueOf(Integer.parseInt(c.data()) + 1)))
                            .join();
                }
            }));
        }
        await(CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)));
        await(a.sync());
        assertThat(a.get(Entry.key("counter")).orElseThrow().data()).isEqualTo("10");
    }

    @Test
    void anUpdateThatRefusesOrHasNothingToDoWritesNothing(TestInfo test) throws Exception {
        VersionedStore<Entry> a = gateway(topic(test));
        Entry created = await(a.write(Entry.key("s"), new Entry("s", "i", 1, "created")));
        AtomicInteger calls = new AtomicInteger();
        assertThat(await(a.update(Entry.key("s"), current -> {
                    calls.incrementAndGet();
                    return null;
                })))
                .isEqualTo(created);
        assertThatThrownBy(() -> await(a.update(Entry.key("s"), current -> {
                    throw new IllegalStateException("refused");
                })))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(await(a.update(Entry.key("missing"), current -> current))).isNull();
        await(a.sync());
        assertThat(calls).hasValue(1);
        assertThat(a.get(Entry.key("s"))).contains(created);
    }

    @Test
    void aGatewayStartingLaterRebuildsTheSameViewTombstonesIncluded(TestInfo test) throws Exception {
        VersionedStore<Entry> a = gateway(topic(test));
        Entry kept = await(a.write(Entry.key("kept"), new Entry("kept", "i", 1, "v1")));
        kept = await(a.write(Entry.key("kept"), kept.next("v2")));
        Entry gone = await(a.write(Entry.key("gone"), new Entry("gone", "j", 1, "v1")));
        await(a.remove(Entry.key("gone"), gone));
        assertThat(a.get(Entry.key("gone"))).isEmpty();

        VersionedStore<Entry> later = gateway(topic(test));
        assertThat(later.values()).containsExactly(kept);
        assertThat(later.view().isDeletedIncarnation("j")).isTrue();
    }

    @Test
    void aRepairMakesTheWinnerTheLastRecordOfItsKey(TestInfo test) throws Exception {
        String topic = topic(test);
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(props(), new StringSerializer(), new ByteArraySerializer())) {
            VersionedStore<Entry> a = gateway(topic);
            Entry winner = await(a.write(Entry.key("s"), new Entry("s", "i", 1, "created")));
            winner = await(a.write(Entry.key("s"), winner.next("winner")));
            // A writer that read version 1 and lost: compaction would keep its record if nothing followed it.
            raw.send(new ProducerRecord<>(topic, 0, Entry.key("s"), new Entry("s", "i", 2, "loser").bytes()))
                    .get();
            // A record this release cannot read stays where it is and changes nothing.
            raw.send(new ProducerRecord<>(topic, 0, Entry.key("s"), new byte[] {0, 1}))
                    .get();
            await(a.sync());
            assertThat(a.get(Entry.key("s"))).contains(winner);
            assertThat(a.view().keysToRepair()).containsExactly(Entry.key("s"));

            a.repair();
            String expected = new String(winner.bytes(), StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!expected.equals(lastValue(topic, Entry.key("s"))) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(lastValue(topic, Entry.key("s"))).isEqualTo(expected);
            await(a.sync());
            assertThat(a.view().keysToRepair()).isEmpty();
        }
    }

    private static String lastValue(String topic, String key) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            String last = null;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        last = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
                    }
                }
            }
            return last;
        }
    }
}
