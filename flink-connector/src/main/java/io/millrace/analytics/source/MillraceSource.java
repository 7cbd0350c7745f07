package io.millrace.analytics.source;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.RoleAccessOptions;
import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import io.millrace.kinesis.model.TopicNames;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * A Millrace stream as a Flink source: one split per shard (a Kafka partition of the stream's topic), shards added
 * by a reshard picked up on the discovery interval, and every shard read only after its parents were read to their
 * end, so each partition key's records arrive in the order they were written, across splits and merges.
 */
public final class MillraceSource<T>
        implements Source<T, KafkaPartitionSplit, EnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_METADATA_TOPIC = TopicNames.DEFAULT_METADATA_TOPIC;
    public static final Duration DEFAULT_SHARD_DISCOVERY_INTERVAL = Duration.ofSeconds(10);

    private final SourceConfig config;
    private final KafkaRecordDeserializationSchema<T> deserializer;

    private MillraceSource(SourceConfig config, KafkaRecordDeserializationSchema<T> deserializer) {
        this.config = config;
        this.deserializer = deserializer;
    }

    /**
     * A source over a stream.
     *
     * @param topic the stream's topic (the stream's name plus the gateway's topic prefix, if any)
     * @param kafkaProperties Kafka consumer properties passed through (security settings, ...)
     *     <p>When the job is built in an environment whose configuration names the credentials of
     *     {@link RoleAccessOptions} (a Millrace application in signed mode), its reads are authorized with them
     *     ({@link #withReadAccess}).
     */
    public static <T> MillraceSource<T> of(
            String bootstrapServers,
            String stream,
            String topic,
            Map<String, String> kafkaProperties,
            String metadataTopic,
            StartingPosition start,
            StoppingPosition stop,
            KafkaRecordDeserializationSchema<T> deserializer) {
        return new MillraceSource<>(
                        new SourceConfig(
                                stream,
                                topic,
                                bootstrapServers,
                                kafkaProperties,
                                metadataTopic,
                                start,
                                stop,
                                DEFAULT_SHARD_DISCOVERY_INTERVAL,
                                false,
                                Map.of(),
                                null),
                        deserializer)
                // A jar application's main builds its job in the environment Millrace configured (signed mode).
                .withReadAccessFrom(
                        StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration());
    }

    /** How soon shards added by a reshard are read (10 s by default). */
    public MillraceSource<T> withShardDiscoveryInterval(Duration interval) {
        return new MillraceSource<>(config.withShardDiscoveryInterval(interval), deserializer);
    }

    /**
     * With checkpoints enabled: hand a child shard out only after a checkpoint completed after its parents finished,
     * so every operator of the job, not just this source, has seen the parents' records before the child's (as the
     * KCL checkpoints a parent before starting its children). Without it, the order holds at the source and along
     * the child's reader's output, which covers splits; a merge's parents may sit on two readers. Never set it on a
     * job without checkpoints: children would wait forever.
     */
    public MillraceSource<T> withChildrenAfterCheckpoint(boolean enabled) {
        return new MillraceSource<>(config.withChildrenAfterCheckpoint(enabled), deserializer);
    }

    /**
     * Reads encrypted streams: records put after StartStreamEncryption are opened with data keys from KMS Decrypt at
     * the endpoint, with the credentials, that {@code kinesisCryptoProperties} give (the keys of kinesis-crypto's
     * {@link KinesisCryptoConfig}: {@value KinesisCryptoConfig#KMS_ENDPOINT}, ...); plaintext records come out as they
     * are. Without it, a source that meets an encrypted record fails rather than hand on ciphertext.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the properties lack the endpoint or hold a bad value
     */
    public MillraceSource<T> withDecryption(Map<String, String> kinesisCryptoProperties) {
        // Checked now, so a mistake fails the job's submission rather than its first read.
        new KinesisCryptoConfig(kinesisCryptoProperties);
        return new MillraceSource<>(config.withDecryption(kinesisCryptoProperties), deserializer);
    }

    /**
     * Authorizes the source's reads of its stream at the gateway, as the job's role ({@link RoleAccess}): before
     * the first shard is handed out, then every {@code recheckInterval}; a refusal fails the job with AWS's
     * AccessDeniedException. Without it (a user's own cluster, open mode) the source reads without asking.
     */
    public MillraceSource<T> withReadAccess(RoleAccess access) {
        return new MillraceSource<>(config.withAccess(access), deserializer);
    }

    /**
     * {@link #withReadAccess} with the settings of {@link RoleAccessOptions} in {@code jobConfiguration} (where
     * Millrace's application service puts them in signed mode); this source unchanged when it names no credentials.
     */
    public MillraceSource<T> withReadAccessFrom(ReadableConfig jobConfiguration) {
        return RoleAccess.from(jobConfiguration).map(this::withReadAccess).orElse(this);
    }

    @Override
    public Boundedness getBoundedness() {
        return config.stop().bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        deserializer.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return context.metricGroup().addGroup("deserializer");
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return context.getUserCodeClassLoader();
            }
        });
        return ShardSourceReader.create(config, context, new KafkaRecordEmitter<>(deserializer));
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, EnumeratorState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return new ShardEnumerator(context, config, EnumeratorState.initial());
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, EnumeratorState state) {
        return new ShardEnumerator(context, config, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return new KafkaPartitionSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
        return new EnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }
}
