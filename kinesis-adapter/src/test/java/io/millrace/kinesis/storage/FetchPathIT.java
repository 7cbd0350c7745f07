package io.millrace.kinesis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * GetRecords' fetch path ({@link ShardFetcher}, {@link BatchWalk}) answers what its consumer path answers, on one
 * topic written the ways a stream's topic can be: random record sizes, uncompressed and compressed batches (gzip,
 * lz4), transactions committed and aborted (interleaved with plain writes), records with headers, and a log start
 * moved by a trim. The reference is a {@code read_committed} consumer reading the whole topic.
 */
class FetchPathIT {

    private static final long MAX_BYTES = 10L * 1024 * 1024;

    /** One record as an answer gives it: offset, timestamp, key and value bytes (absent ones as empty). */
    record Read(long offset, long timestamp, String key, String value) {}

    @Test
    void fetchPathAnswersAsTheConsumerPathDoes() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String topic = "fetch-path-" + UUID.randomUUID();
        String servers = EmbeddedKafka.shared().bootstrapServers();
        long logStart;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            write(servers, topic, random);
            logStart = 37;
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(logStart)))
                    .all()
                    .get();
        }
        List<Read> reference = reference(servers, topic);
        assertThat(reference.get(0).offset()).as("seed %d", seed).isEqualTo(logStart);
        long end = reference.get(reference.size() - 1).offset() + 1;

        Map<String, Object> props = Map.of("bootstrap.servers", servers);
        try (ShardReaderPool consumers = new ShardReaderPool(props, 2, new ReadPrefetchBudget(64L << 20), false);
                ShardReaderPool fetches = new ShardReaderPool(props, 2, new ReadPrefetchBudget(64L << 20), true)) {
            // Whole reads from before the log start (out of range: both read from the log start).
            assertThat(readAll(consumers, topic, 0, random)).as("seed %d", seed).isEqualTo(reference);
            assertThat(readAll(fetches, topic, 0, random)).as("seed %d", seed).isEqualTo(reference);
            // From the log start on: no read out of range, so the fetch path answers all reads but those that
            // meet a record with headers (which the consumer answers whole).
            assertThat(readAll(fetches, topic, logStart, random))
                    .as("seed %d", seed)
                    .isEqualTo(reference);
            // The first round began with at least 40 plain records, so those after the log start (37) are plain:
            // the fetch path answers them itself.
            ShardReaderPool.ReadResult plain = fetches.read(topic, 0, logStart, 3, MAX_BYTES, -1);
            assertThat(plain.run())
                    .as("a read of plain records, answered by the fetch path itself")
                    .isNotNull();
            assertThat(reads(plain)).as("seed %d", seed).isEqualTo(reference.subList(0, 3));

            // Reads from random offsets, with random limits and closed-shard ends.
            for (int i = 0; i < 40; i++) {
                long from = logStart + random.nextInt((int) (end - logStart + 1));
                int limit = 1 + random.nextInt(random.nextBoolean() ? 20 : 3000);
                long maxBytes = random.nextBoolean() ? MAX_BYTES : 1 + random.nextInt(64 * 1024);
                long endOffset = random.nextInt(4) == 0 ? from + random.nextInt(300) : -1;
                List<Read> expected = reference.stream()
                        .filter(r -> r.offset() >= from && (endOffset < 0 || r.offset() < endOffset))
                        .toList();
                for (ShardReaderPool pool : List.of(consumers, fetches)) {
                    ShardReaderPool.ReadResult result = pool.read(topic, 0, from, limit, maxBytes, endOffset);
                    List<Read> answer = reads(result);
                    String what = "seed " + seed + ", from " + from + ", limit " + limit + ", max bytes " + maxBytes
                            + ", end " + endOffset + (pool == fetches ? ", fetch path" : ", consumer");
                    assertThat(answer.size()).as(what).isLessThanOrEqualTo(limit);
                    assertThat(answer).as(what).isEqualTo(expected.subList(0, answer.size()));
                    if (!expected.isEmpty()) {
                        assertThat(answer).as(what).isNotEmpty();
                        assertThat(result.nextOffset())
                                .as(what)
                                .isGreaterThan(answer.get(answer.size() - 1).offset());
                    }
                    if (answer.size() < expected.size()) {
                        assertThat(result.nextOffset())
                                .as(what)
                                .isLessThanOrEqualTo(expected.get(answer.size()).offset());
                        assertThat(result.caughtUp()).as(what).isFalse();
                    } else if (endOffset < 0) {
                        assertThat(result.caughtUp()).as(what).isTrue();
                    }
                }
            }
        }
    }

    /**
     * A fetch sent ahead answers the next fetch from its own place only, with the records a fetch sent then would
     * have; one from anywhere else drops it (its answer read and discarded), and the fetcher goes on reading.
     */
    @Test
    void fetchSentAheadAnswersOnlyItsOwnPlace() throws Exception {
        Random random = new Random();
        String topic = "fetch-ahead-" + UUID.randomUUID();
        String servers = EmbeddedKafka.shared().bootstrapServers();
        TopicPartition tp = new TopicPartition(topic, 0);
        long end;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers));
                KafkaProducer<byte[], byte[]> producer = producer(servers, "none", null)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            // One record acknowledged first: the rest are not sent before the partition has its leader.
            producer.send(new ProducerRecord<>(topic, 0, null, bytes(random, 10)))
                    .get();
            send(producer, topic, random, 499);
            end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                    .partitionResult(tp)
                    .get()
                    .offset();
        }
        assertThat(end).isGreaterThan(300);
        int maxBytes = 64 * 1024;
        try (ShardFetcher fetcher = new ShardFetcher(Map.of("bootstrap.servers", servers), maxBytes)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            ShardFetcher.Fetched plain = fetcher.fetch(tp, 100, maxBytes, 50, deadline);
            assertThat(plain.sentAhead()).isFalse();

            assertThat(fetcher.sendAhead(tp, 100, maxBytes, 50)).isTrue();
            assertThat(fetcher.sendAhead(tp, 200, maxBytes, 50))
                    .as("one fetch ahead at a time")
                    .isFalse();
            ShardFetcher.Fetched early = fetcher.fetch(tp, 100, maxBytes, 50, deadline);
            assertThat(early.sentAhead()).isTrue();
            assertThat(early.records().buffer()).isEqualTo(plain.records().buffer());
            assertThat(fetcher.hasAhead()).isFalse();

            // Sent ahead for 100, read from 300: dropped, and the answer is 300's.
            assertThat(fetcher.sendAhead(tp, 100, maxBytes, 50)).isTrue();
            ShardFetcher.Fetched elsewhere = fetcher.fetch(tp, 300, maxBytes, 50, deadline);
            assertThat(elsewhere.sentAhead()).isFalse();
            assertThat(fetcher.hasAhead()).isFalse();
            assertThat(elsewhere.records().batches().iterator().next().lastOffset())
                    .isGreaterThanOrEqualTo(300);
            assertThat(fetcher.fetch(tp, 100, maxBytes, 50, deadline).records().buffer())
                    .as("the dropped answer left the connection usable")
                    .isEqualTo(plain.records().buffer());
        }
        // Through the pool, with fetches of 64 KiB (a quarter of the budget): a GetRecords loop stopped by its
        // limit or by the fetch's size reads the shard whole, taking the fetches sent ahead, never "caught up" early.
        try (ShardReaderPool pool = new ShardReaderPool(
                Map.of("bootstrap.servers", servers), 1, new ReadPrefetchBudget(4L * ReadPrefetchBudget.FLOOR), true)) {
            long offset = 0;
            int read = 0;
            while (offset < end) {
                ShardReaderPool.ReadResult result = pool.read(topic, 0, offset, 1 + random.nextInt(200), MAX_BYTES, -1);
                assertThat(result.run()).isNotNull();
                assertThat(result.run().offset(0)).isEqualTo(offset);
                assertThat(result.nextOffset()).isEqualTo(offset + result.count());
                assertThat(result.caughtUp()).as("at %d", offset).isEqualTo(result.nextOffset() >= end);
                read += result.count();
                offset = result.nextOffset();
            }
            assertThat(read).isEqualTo(end);
        }
    }

    /** Reads the whole shard from {@code offset} in calls of random limits, as a GetRecords loop does. */
    private static List<Read> readAll(ShardReaderPool pool, String topic, long offset, Random random)
            throws InterruptedException {
        List<Read> all = new ArrayList<>();
        for (int calls = 0; calls < 10_000; calls++) {
            ShardReaderPool.ReadResult result =
                    pool.read(topic, 0, offset, 1 + random.nextInt(random.nextBoolean() ? 50 : 10_000), MAX_BYTES, -1);
            all.addAll(reads(result));
            offset = result.nextOffset();
            if (result.caughtUp() && result.count() == 0) {
                return all;
            }
        }
        throw new AssertionError("Not caught up after 10,000 calls");
    }

    private static List<Read> reads(ShardReaderPool.ReadResult result) {
        List<Read> reads = new ArrayList<>();
        RecordRun run = result.run();
        if (run != null) {
            for (int i = 0; i < run.size(); i++) {
                byte[] array = run.array(i);
                reads.add(new Read(
                        run.offset(i),
                        run.timestamp(i),
                        text(array, run.keyAt(i), run.keyLength(i)),
                        text(array, run.valueAt(i), run.valueLength(i))));
            }
            assertThat(run.bytes()).isEqualTo(result.bytes());
            return reads;
        }
        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : result.records()) {
            reads.add(new Read(record.offset(), record.timestamp(), text(record.key()), text(record.value())));
        }
        return reads;
    }

    private static String text(byte[] array, int at, int length) {
        return length < 0 ? "" : new String(array, at, length, StandardCharsets.ISO_8859_1);
    }

    private static String text(ByteBuffer buffer) {
        if (buffer == null) {
            return "";
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Plain batches of random sizes, gzip and lz4 batches, a committed and an aborted transaction with plain
     * writes in between, records with headers, and null keys and values.
     */
    private static void write(String servers, String topic, Random random) throws Exception {
        try (KafkaProducer<byte[], byte[]> plain = producer(servers, "none", null);
                KafkaProducer<byte[], byte[]> gzip = producer(servers, "gzip", null);
                KafkaProducer<byte[], byte[]> lz4 = producer(servers, "lz4", null);
                KafkaProducer<byte[], byte[]> transactional = producer(servers, "none", topic + "-tx")) {
            transactional.initTransactions();
            for (int round = 0; round < 4; round++) {
                send(plain, topic, random, 40 + random.nextInt(200));
                send(gzip, topic, random, 1 + random.nextInt(100));
                send(plain, topic, random, 1 + random.nextInt(50));
                send(lz4, topic, random, 1 + random.nextInt(100));
                transactional.beginTransaction();
                send(transactional, topic, random, 1 + random.nextInt(100));
                send(plain, topic, random, 1 + random.nextInt(30));
                send(transactional, topic, random, 1 + random.nextInt(100));
                if (random.nextBoolean()) {
                    transactional.commitTransaction();
                } else {
                    transactional.abortTransaction();
                }
                transactional.beginTransaction();
                send(transactional, topic, random, 1 + random.nextInt(50));
                transactional.abortTransaction();
                transactional.beginTransaction();
                send(transactional, topic, random, 1 + random.nextInt(50));
                transactional.commitTransaction();
                ProducerRecord<byte[], byte[]> withHeader = new ProducerRecord<>(
                        topic, 0, null, bytes(random, 10), bytes(random, 100), new RecordHeaders());
                withHeader.headers().add("h", new byte[] {1});
                plain.send(withHeader).get();
                plain.send(new ProducerRecord<>(topic, 0, null, null)).get();
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Random random, int count)
            throws Exception {
        for (int i = 0; i < count; i++) {
            // Mostly small records, some up to 20 KiB.
            int size = random.nextInt(10) == 0 ? random.nextInt(20 * 1024) : random.nextInt(1500);
            byte[] key = random.nextInt(50) == 0 ? null : bytes(random, 1 + random.nextInt(64));
            producer.send(new ProducerRecord<>(topic, 0, key, bytes(random, size)));
        }
        producer.flush();
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static KafkaProducer<byte[], byte[]> producer(String servers, String compression, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", servers);
        props.put("compression.type", compression);
        props.put("linger.ms", 5);
        props.put("batch.size", 4096 + new Random().nextInt(60_000));
        if (transactionalId != null) {
            props.put("transactional.id", transactionalId);
        }
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<Read> reference(String servers, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        List<Read> reads = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", servers, "isolation.level", "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    reads.add(new Read(
                            record.offset(),
                            record.timestamp(),
                            record.key() == null ? "" : new String(record.key(), StandardCharsets.ISO_8859_1),
                            record.value() == null ? "" : new String(record.value(), StandardCharsets.ISO_8859_1)));
                }
            }
        }
        assertThat(reads).isNotEmpty();
        return reads;
    }
}
