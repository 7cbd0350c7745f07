package io.millrace.analytics.datastream;

import io.millrace.analytics.access.JobKafka;
import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.WriteGuard;
import io.millrace.analytics.firehose.FirehoseSinkSettings;
import io.millrace.analytics.firehose.FirehoseSinks;
import io.millrace.analytics.metadata.DeliveryStreamMetadataReader;
import io.millrace.analytics.source.MillraceSource;
import io.millrace.analytics.source.StartingPosition;
import io.millrace.analytics.source.StoppingPosition;
import io.millrace.analytics.sse.RecordSealer;
import io.millrace.analytics.table.KmsSettings;
import io.millrace.analytics.table.SinkSettings;
import io.millrace.analytics.table.StreamRouter;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The DataStream side of the connector, for Java jobs: a source of {@link KinesisRecord}s over every shard of a
 * stream (one split per shard, new shards picked up as the stream is resharded and read after their parents), and a
 * sink that routes each record by the MD5 of its partition key exactly as PutRecord does. In a job Millrace gave a
 * Kafka identity ({@link JobKafka}: signed mode, a Flink cluster of its own), sources and sinks connect with it, to
 * its SASL listener as the application's user, instead of the bootstrap servers they are given.
 */
public final class MillraceStreams {

    /** Kinesis's default metadata topic, as the gateway writes it. */
    public static final String METADATA_TOPIC = TopicNames.DEFAULT_METADATA_TOPIC;
    /** PutRecord's PartitionKey limit (Kinesis API reference: 1 to 256 characters). */
    private static final int MAX_PARTITION_KEY_LENGTH = 256;

    private MillraceStreams() {}

    /** Where a source starts: the oldest record kept (TRIM_HORIZON), the tip (LATEST), or a time. */
    public static StartingPosition trimHorizon() {
        return StartingPosition.trimHorizon();
    }

    public static StartingPosition latest() {
        return StartingPosition.latest();
    }

    public static StartingPosition atTimestamp(long epochMillis) {
        return StartingPosition.atTimestamp(epochMillis);
    }

    /**
     * An unbounded source over the stream's topic (named as the stream, the gateway's default): one split per shard,
     * shards added by a reshard found every 10 s ({@link MillraceSource#withShardDiscoveryInterval}), each shard read
     * after its parents. With checkpoints enabled, {@link MillraceSource#withChildrenAfterCheckpoint} extends the
     * order to every operator of the job.
     */
    public static MillraceSource<KinesisRecord> source(String bootstrapServers, String stream, StartingPosition start) {
        Optional<JobKafka> identity = jobKafka();
        return MillraceSource.of(
                identity.map(JobKafka::bootstrapServers).orElse(bootstrapServers),
                stream,
                stream,
                identity.map(JobKafka::securityProperties).orElse(Map.of()),
                METADATA_TOPIC,
                start,
                StoppingPosition.unbounded(),
                new RecordDeserializer());
    }

    /** A source that stops at the stream's tip as it was when the job started: for batch runs and tests. */
    public static MillraceSource<KinesisRecord> boundedSource(
            String bootstrapServers, String stream, StartingPosition start) {
        Optional<JobKafka> identity = jobKafka();
        return MillraceSource.of(
                identity.map(JobKafka::bootstrapServers).orElse(bootstrapServers),
                stream,
                stream,
                identity.map(JobKafka::securityProperties).orElse(Map.of()),
                METADATA_TOPIC,
                start,
                StoppingPosition.latest(),
                new RecordDeserializer());
    }

    /**
     * A sink into a stream. With {@link DeliveryGuarantee#EXACTLY_ONCE} records are written in Kafka transactions
     * committed on checkpoints; readers through the gateway see them once committed. Into an encrypted stream it
     * seals records with the KMS settings ({@code millrace.sse.kms.*}) of the environment's configuration.
     */
    public static KafkaSink<KinesisRecord> sink(String bootstrapServers, String stream, DeliveryGuarantee guarantee) {
        return sink(
                bootstrapServers,
                stream,
                guarantee,
                KmsSettings.ofSession(
                        StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration()));
    }

    /**
     * {@link #sink(String, String, DeliveryGuarantee)} sealing records into an encrypted stream with data keys from
     * the KMS API that {@code kinesisCryptoProperties} name (kinesis-crypto's {@code millrace.sse.kms.*} keys; without
     * an access key of their own, as the job's role, else with the SDK's default credentials).
     */
    public static KafkaSink<KinesisRecord> sink(
            String bootstrapServers,
            String stream,
            DeliveryGuarantee guarantee,
            Map<String, String> kinesisCryptoProperties) {
        // A jar application's main builds its job in the environment Millrace configured (signed mode).
        ReadableConfig configuration =
                StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
        RoleAccess access = RoleAccess.from(configuration).orElse(null);
        Optional<JobKafka> identity = jobKafka();
        String servers = identity.map(JobKafka::bootstrapServers).orElse(bootstrapServers);
        Map<String, String> security =
                identity.map(JobKafka::securityProperties).orElse(Map.of());
        Properties producer = new Properties();
        producer.putAll(security);
        SinkSettings settings = new SinkSettings(
                stream,
                servers,
                security,
                METADATA_TOPIC,
                "partition_key",
                Duration.ofSeconds(30),
                guarantee,
                "millrace-" + stream,
                kinesisCryptoProperties,
                access);
        return KafkaSink.<KinesisRecord>builder()
                .setBootstrapServers(servers)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix("millrace-" + stream)
                // Flink's default transaction timeout (1 h) is above the broker's 15 min maximum.
                .setProperty("transaction.timeout.ms", "60000")
                .setRecordSerializer(new RecordSerializer(
                        new StreamRouter(settings),
                        settings.sealer(),
                        access == null ? null : new WriteGuard(access, stream)))
                .build();
    }

    /**
     * A sink into a DirectPut Firehose delivery stream: each element is one record's data (at most 1,000 KiB),
     * written to the stream's topic, where the Firehose connector delivers it. The delivery stream must exist, be
     * DirectPut and ACTIVE when the job starts. With {@link DeliveryGuarantee#EXACTLY_ONCE} records are written in
     * Kafka transactions committed on checkpoints. In signed mode (the environment's {@code millrace.access.*}) each
     * subtask asks {@code firehose:PutRecordBatch} as the job's role at open and then every re-check interval while
     * records come, as {@link #sink} asks {@code kinesis:PutRecords}.
     */
    public static KafkaSink<byte[]> firehoseSink(
            String bootstrapServers, String deliveryStream, DeliveryGuarantee guarantee) {
        // A jar application's main builds its job in the environment Millrace configured (signed mode).
        RoleAccess access = RoleAccess.from(
                        StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration())
                .orElse(null);
        return FirehoseSinks.create(
                new FirehoseSinkSettings(
                        deliveryStream,
                        bootstrapServers,
                        Map.of(),
                        DeliveryStreamMetadataReader.DEFAULT_TOPIC,
                        guarantee,
                        "millrace-firehose-" + deliveryStream,
                        access),
                data -> data,
                access == null ? null : WriteGuard.ofDeliveryStream(access, deliveryStream));
    }

    /**
     * What a jar's own Kafka clients need to connect as the application ({@code bootstrap.servers} and SASL/SCRAM
     * settings, see {@link JobKafka}) when Millrace gave its job a Kafka identity; empty otherwise (open mode, the
     * embedded mini-cluster, a user's own cluster), where a client connects as it always did. Call it in
     * {@code main}, where the job's configuration is the environment's.
     */
    public static Optional<Properties> kafkaClientProperties() {
        return jobKafka().map(JobKafka::clientProperties);
    }

    /** The Kafka identity Millrace put in the configuration the job is built in, if any. */
    private static Optional<JobKafka> jobKafka() {
        return JobKafka.from(
                StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration());
    }

    private static final class RecordDeserializer implements KafkaRecordDeserializationSchema<KinesisRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KinesisRecord> out)
                throws IOException {
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            out.collect(new KinesisRecord(
                    key,
                    record.value() == null ? new byte[0] : record.value(),
                    ShardId.format(record.partition()),
                    record.offset(),
                    record.timestamp()));
        }

        @Override
        public TypeInformation<KinesisRecord> getProducedType() {
            return TypeInformation.of(KinesisRecord.class);
        }
    }

    private static final class RecordSerializer implements KafkaRecordSerializationSchema<KinesisRecord> {
        private static final long serialVersionUID = 1L;
        private final StreamRouter router;
        private final RecordSealer sealer;
        /**
         * Null when writes are not authorized (no role). Asked as records come: a DataStream job's sink has no
         * operator of the connector's in front of it to ask on a timer, as the table sink's has.
         */
        private final WriteGuard guard;

        RecordSerializer(StreamRouter router, RecordSealer sealer, WriteGuard guard) {
            this.router = router;
            this.sealer = sealer;
            this.guard = guard;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
            router.open();
            if (guard != null) {
                guard.open();
            }
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                KinesisRecord record, KafkaSinkContext context, Long timestamp) {
            if (guard != null) {
                guard.check();
            }
            String key = record.partitionKey();
            if (key == null || key.isEmpty() || key.length() > MAX_PARTITION_KEY_LENGTH) {
                throw new IllegalArgumentException("A Kinesis partition key has 1 to 256 characters, got "
                        + (key == null ? "null" : key.length() + " characters"));
            }
            if (record.data().length + key.getBytes(StandardCharsets.UTF_8).length > router.maxRecordBytes()) {
                throw new IllegalArgumentException("Record of " + record.data().length + " bytes exceeds the"
                        + " stream's maximum record size of " + router.maxRecordBytes() + " bytes");
            }
            int shard = router.shardFor(key, null);
            // The arrival time is when the record enters the stream, as the gateway would stamp it.
            return sealer.record(
                    router.topic(),
                    shard,
                    System.currentTimeMillis(),
                    key.getBytes(StandardCharsets.UTF_8),
                    record.data(),
                    router.encryptionKeyId());
        }
    }
}
