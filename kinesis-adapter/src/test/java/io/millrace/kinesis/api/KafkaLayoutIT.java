package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.EmbeddedKafka;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kafka-native layout users rely on to mix Kinesis and Kafka clients on one stream: a stream is a topic named
 * as the stream, a shard the partition of its index, and a record key = partition key, value = data, timestamp =
 * ApproximateArrivalTimestamp, both ways.
 */
class KafkaLayoutIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void kinesisRecordsAreKafkaRecordsAndBack(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("layout");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        byte[] data = {0, 1, 2, (byte) 0xff, 'd'};
        PutRecordResponse put = kinesis.putRecord(
                b -> b.streamName(stream).partitionKey("kinesis-key").data(SdkBytes.fromByteArray(data)));
        Record viaKinesis =
                read(kinesis, stream, ShardIteratorType.TRIM_HORIZON, null).get(0);

        TopicPartition shard0 = new TopicPartition(stream, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(shard0));
            consumer.seekToBeginning(List.of(shard0));
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).records(shard0).forEach(seen::add);
            }
            assertThat(seen).hasSize(1);
            ConsumerRecord<byte[], byte[]> record = seen.get(0);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("kinesis-key");
            assertThat(record.value()).isEqualTo(data);
            assertThat(Instant.ofEpochMilli(record.timestamp())).isEqualTo(viaKinesis.approximateArrivalTimestamp());
            assertThat(viaKinesis.sequenceNumber()).isEqualTo(put.sequenceNumber());
        }

        // A plain Kafka producer writes to the shard: a keyed record with a timestamp of its own choosing.
        Instant written = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            stream,
                            0,
                            written.toEpochMilli(),
                            "kafka-key".getBytes(StandardCharsets.UTF_8),
                            "from kafka".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        List<Record> records = read(kinesis, stream, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(records).hasSize(2);
        Record native0 = records.get(1);
        assertThat(native0.partitionKey()).isEqualTo("kafka-key");
        assertThat(native0.data().asUtf8String()).isEqualTo("from kafka");
        assertThat(native0.approximateArrivalTimestamp()).isEqualTo(written);
        assertThat(new BigInteger(native0.sequenceNumber())).isGreaterThan(new BigInteger(put.sequenceNumber()));
        // Its sequence number is a position like any other: AT_SEQUENCE_NUMBER lands on it, AFTER_ past it.
        assertThat(read(kinesis, stream, ShardIteratorType.AT_SEQUENCE_NUMBER, native0.sequenceNumber()))
                .extracting(Record::partitionKey)
                .containsExactly("kafka-key");
        assertThat(read(kinesis, stream, ShardIteratorType.AFTER_SEQUENCE_NUMBER, put.sequenceNumber()))
                .extracting(Record::sequenceNumber)
                .containsExactly(native0.sequenceNumber());
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    /**
     * Flink's exactly-once sink writes a stream's topic in Kafka transactions: GetRecords shows a transaction's records
     * once it commits, in their order, and an aborted one's never, as a read_committed Kafka consumer would.
     */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void transactionalWritersAreReadOnceCommittedAndNeverAborted(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("transactions");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("before")));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        "bootstrap.servers",
                        EmbeddedKafka.shared().bootstrapServers(),
                        "transactional.id",
                        stream + "-writer"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            sendToShard0(producer, stream, "aborted");
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            sendToShard0(producer, stream, "committed-1");
            sendToShard0(producer, stream, "committed-2");
            producer.flush();
            // Open: written to the log, not acknowledged to its writer yet.
            assertThat(read(kinesis, stream, ShardIteratorType.TRIM_HORIZON, null))
                    .extracting(r -> r.data().asUtf8String())
                    .containsExactly("before");
            producer.commitTransaction();
        }
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("after")));
        assertThat(read(kinesis, stream, ShardIteratorType.TRIM_HORIZON, null))
                .extracting(r -> r.data().asUtf8String())
                .containsExactly("before", "committed-1", "committed-2", "after");
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    private static void sendToShard0(KafkaProducer<byte[], byte[]> producer, String stream, String data) {
        producer.send(new ProducerRecord<>(
                stream, 0, "k".getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Record> read(KinesisClient kinesis, String stream, ShardIteratorType type, String sequence) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequence))
                .shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records();
    }
}
