package io.millrace.analytics.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.datastream.KinesisRecord;
import io.millrace.analytics.datastream.MillraceStreams;
import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs writing into DirectPut delivery streams: records land in the stream's topic, where the Firehose connector
 * reads them, once each with exactly-once and checkpoints, even across a failure; a delivery stream that is missing
 * or not DirectPut fails the job with a clear message.
 */
class FirehoseSinkIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String FIREHOSE_TOPIC = "__millrace_firehose";
    /** Fails the job once, after the first checkpoint, so the restart replays records from that checkpoint. */
    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    @BeforeAll
    static void metadataTopic() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(FIREHOSE_TOPIC, 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Test
    void aJobRestartedAfterAFailureWritesEveryRecordOnce() throws Exception {
        String input = TestStreams.uniqueStream("fh-in");
        TestStreams.createStream(input, 2);
        String topic = createDeliveryStream("fh-once", "DirectPut", DeliveryStreamStatus.ACTIVE);
        TestStreams.put(input, events(0, 100));

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        FAILED_ONCE.set(false);
        env.fromSource(
                        MillraceStreams.source(TestStreams.bootstrapServers(), input, MillraceStreams.trimHorizon()),
                        WatermarkStrategy.noWatermarks(),
                        "millrace")
                .map(new FailOnceAt("event-150"))
                .sinkTo(MillraceStreams.firehoseSink(
                        TestStreams.bootstrapServers(), "fh-once", DeliveryGuarantee.EXACTLY_ONCE));
        JobClient job = env.executeAsync("to firehose");
        try {
            // The first half is committed by a checkpoint; the second half fails the job once, in its middle.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestStreams.readCommitted(topic).size() >= 100);
            TestStreams.put(input, events(100, 200));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestStreams.readCommitted(topic).size() >= 200);
            // One more checkpoint's worth of time: a duplicate would show up as an extra record.
            Thread.sleep(1000);
        } finally {
            job.cancel().get();
        }

        List<ConsumerRecord<byte[], byte[]>> committed = TestStreams.readCommitted(topic);
        assertThat(FAILED_ONCE).isTrue();
        List<String> expected = new ArrayList<>();
        events(0, 200).forEach(r -> expected.add(r.data()));
        assertThat(committed)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(expected);
        // As PutRecord writes it: no key, and the time the record entered the delivery stream.
        assertThat(committed).allSatisfy(r -> {
            assertThat(r.key()).isNull();
            assertThat(r.timestamp()).isGreaterThan(1_700_000_000_000L + 1_000_000_000L);
        });
    }

    private static List<StreamRecord> events(int from, int to) {
        List<StreamRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new StreamRecord(i % 2, "key-" + i, "event-" + i, 1_700_000_000_000L + i));
        }
        return records;
    }

    @Test
    void aTableWritesRowsInTheTablesFormat() throws Exception {
        String topic = createDeliveryStream("fh-table", "DirectPut", DeliveryStreamStatus.ACTIVE);
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.executeSql("CREATE TABLE deliveries (id INT, name STRING) WITH ('connector' = 'millrace-firehose',"
                + " 'delivery-stream' = 'fh-table', 'format' = 'json', 'bootstrap.servers' = '"
                + TestStreams.bootstrapServers() + "')");

        tableEnv.executeSql("INSERT INTO deliveries VALUES (1, 'one'), (2, 'two')")
                .await();

        assertThat(TestStreams.readValues(topic))
                .containsExactlyInAnyOrder("{\"id\":1,\"name\":\"one\"}", "{\"id\":2,\"name\":\"two\"}");
    }

    @Test
    void aMissingDeliveryStreamFailsTheJobSayingSo() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(List.of("x".getBytes(StandardCharsets.UTF_8)))
                .sinkTo(MillraceStreams.firehoseSink(
                        TestStreams.bootstrapServers(), "no-such-stream", DeliveryGuarantee.AT_LEAST_ONCE));

        assertThatThrownBy(() -> env.execute("to nowhere"))
                .hasStackTraceContaining("ResourceNotFoundException: Delivery stream no-such-stream not found");
    }

    @Test
    void aDeliveryStreamFedByAKinesisStreamTakesNoDirectPuts() throws Exception {
        createDeliveryStream("fh-kinesis", "KinesisStreamAsSource", DeliveryStreamStatus.ACTIVE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(List.of("x".getBytes(StandardCharsets.UTF_8)))
                .sinkTo(MillraceStreams.firehoseSink(
                        TestStreams.bootstrapServers(), "fh-kinesis", DeliveryGuarantee.AT_LEAST_ONCE));

        assertThatThrownBy(() -> env.execute("to a kinesis-fed stream"))
                .hasStackTraceContaining("only DirectPut delivery streams take records from producers");
    }

    /** Passes records through; throws the first time it sees one record. */
    private static final class FailOnceAt implements MapFunction<KinesisRecord, byte[]> {
        private final String failAt;

        FailOnceAt(String failAt) {
            this.failAt = failAt;
        }

        @Override
        public byte[] map(KinesisRecord record) {
            if (failAt.equals(new String(record.data(), StandardCharsets.UTF_8))
                    && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("failing once on purpose");
            }
            return record.data();
        }
    }

    /** A delivery stream as the Firehose gateway records it (its DirectPut topic is firehose-<name>). */
    private static String createDeliveryStream(String name, String type, DeliveryStreamStatus status) throws Exception {
        String topic = "firehose-" + name;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        long now = System.currentTimeMillis();
        DeliveryStreamMetadata metadata = DeliveryStreamMetadata.newBuilder()
                .setName(name)
                .setIncarnation(UUID.randomUUID().toString())
                .setVersion(1)
                .setStatus(status)
                .setDeliveryStreamType(type)
                .setVersionId(1)
                .setSourceTopic(topic)
                .setConnectorName(topic)
                .setRequest("{}")
                .setCreatedAtMillis(now)
                .setUpdatedAtMillis(now)
                .build();
        ByteBuffer buffer = metadata.toByteBuffer();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStreams.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            FIREHOSE_TOPIC, ("deliverystream/" + name).getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
        return topic;
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStreams.bootstrapServers());
        return Admin.create(props);
    }
}
