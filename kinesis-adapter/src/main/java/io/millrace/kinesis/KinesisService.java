package io.millrace.kinesis;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.kafka.OffsetLookups;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.kinesis.api.KinesisApi;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.fanout.FanOut;
import io.millrace.kinesis.lifecycle.ShardHeat;
import io.millrace.kinesis.lifecycle.StreamReconciler;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.metadata.StreamRouters;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.metrics.CloudWatchPublisher;
import io.millrace.kinesis.metrics.StreamFigures;
import io.millrace.kinesis.metrics.StreamMetrics;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.kinesis.model.sse.KeyService;
import io.millrace.kinesis.model.sse.StreamCipher;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.kinesis.policy.StreamResourcePolicies;
import io.millrace.kinesis.sequence.TokenSigner;
import io.millrace.kinesis.storage.ReadPrefetchBudget;
import io.millrace.kinesis.storage.RecordWriter;
import io.millrace.kinesis.storage.ShardReaderPool;
import io.millrace.kinesis.storage.StreamTopics;
import io.millrace.kinesis.storage.TopicReplication;
import io.millrace.kinesis.throttle.ShardThroughputLimiter;
import io.millrace.kinesis.usage.ShardUsageTally;
import io.millrace.kinesis.usage.UsageExchange;
import io.millrace.metrics.MetricSink;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis Data Streams API and the Kafka clients behind it, hosted by a {@link io.millrace.gateway.Gateway}.
 * Stateless: every piece of state lives in Kafka, so several gateways can serve the same cluster side by side.
 */
public final class KinesisService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisService.class);
    /** Concurrent GetRecords calls served at once; each holds a Kafka consumer while it reads. */
    private static final int MAX_SHARD_READERS = 32;
    /** Data keys held per gateway for writing, and as many for reading (a few hundred bytes each). */
    private static final int MAX_CACHED_DATA_KEYS = 10_000;
    /** Usage reports matter for a second or two; a minute leaves room to look at them. */
    private static final Duration USAGE_RETENTION = Duration.ofMinutes(1);

    private final Deque<AutoCloseable> resources;
    private final AwsService api;
    private final KinesisBackend backend;
    private final ResourcePolicies resourcePolicies;

    private KinesisService(Deque<AutoCloseable> resources, AwsService api, KinesisBackend backend) {
        this.resources = resources;
        this.api = api;
        this.backend = backend;
        this.resourcePolicies = new StreamResourcePolicies(backend.metadata(), backend.accountId());
    }

    /**
     * Starts the clients behind the API and returns once the stream metadata is loaded; resource-based policies
     * are checked to be JSON objects only.
     */
    public static KinesisService start(KinesisConfig config) throws Exception {
        return start(config, ResourcePolicyValidator.POLICY_LANGUAGE);
    }

    /** Starts the API with {@code policies} deciding which resource-based policies PutResourcePolicy attaches. */
    public static KinesisService start(KinesisConfig config, ResourcePolicyValidator policies) throws Exception {
        return start(config, policies, null);
    }

    /**
     * With {@code keys} (the platform's KMS, or null for none) encrypting the streams StartStreamEncryption
     * switches on.
     */
    public static KinesisService start(KinesisConfig config, ResourcePolicyValidator policies, KeyService keys)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Map<String, Object> clientProps = config.kafkaClientProperties();
            Map<String, Object> adminProps = new LinkedHashMap<>(clientProps);
            adminProps.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-admin");
            Admin admin = Admin.create(adminProps);
            resources.push(admin);

            String metadataTopic = config.getString(KinesisConfig.METADATA_TOPIC);
            MetadataStore metadata = new MetadataStore(clientProps, admin, metadataTopic);
            resources.push(metadata);
            metadata.start(Duration.ofSeconds(60));

            Clock clock = Clock.systemUTC();
            TokenSigner signer = new TokenSigner(metadata.secret("shard-iterators"));
            TopicReplication replication = TopicReplication.resolve(
                    admin,
                    config.getShort(KinesisConfig.REPLICATION_FACTOR),
                    config.getInt(KinesisConfig.MIN_INSYNC_REPLICAS));
            LOG.info(
                    "Stream topics: replication factor {}, min.insync.replicas {}",
                    replication.factor(),
                    replication.minInsyncReplicas());
            // GetShardIterator (LATEST, AT_TIMESTAMP) and a reshard's end offsets: answered or failed within 5 s.
            OffsetLookups offsets = new OffsetLookups(clientProps, "millrace-stream-offsets", Duration.ofSeconds(5));
            resources.push(offsets);
            StreamTopics topics = new StreamTopics(admin, replication, offsets);
            ExecutorService acks = Executors.newFixedThreadPool(
                    Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("millrace-put-ack"));
            resources.push(acks::shutdownNow);
            RecordWriter writer = new RecordWriter(clientProps, acks);
            resources.push(writer);
            ShardReaderPool readers = new ShardReaderPool(
                    clientProps,
                    MAX_SHARD_READERS,
                    new ReadPrefetchBudget(config.getLong(KinesisConfig.READ_PREFETCH_BYTES)),
                    KinesisConfig.READ_PATH_FETCH.equals(config.getString(KinesisConfig.READ_PATH)));
            resources.push(readers);
            ExecutorService reads = Executors.newFixedThreadPool(MAX_SHARD_READERS, daemon("millrace-get-records"));
            resources.push(reads::shutdownNow);
            ExecutorService control = Executors.newFixedThreadPool(
                    Math.max(4, Runtime.getRuntime().availableProcessors() * 2), daemon("millrace-api"));
            resources.push(control::shutdownNow);
            ShardThroughputLimiter limiter = new ShardThroughputLimiter(config.shardLimitsEnforced(), System::nanoTime);
            ShardUsageTally usage = new ShardUsageTally(config.clusterQuotas());
            ShardHeat heat = new ShardHeat();
            resources.push(startUsageExchange(config, topics, clientProps, metadata, usage, limiter, heat));
            StreamRouters routers = new StreamRouters();

            StreamMetrics metrics = new StreamMetrics();
            StreamFigures figures = new StreamFigures();
            KinesisBackend backend = new KinesisBackend(
                    config,
                    metadata,
                    topics,
                    writer,
                    readers,
                    limiter,
                    usage,
                    heat,
                    signer,
                    routers,
                    reads,
                    metrics,
                    figures,
                    clock,
                    Optional.ofNullable(keys)
                            .map(service -> new StreamCipher(
                                    service,
                                    Duration.ofMillis(config.getLong(KinesisConfig.DATA_KEY_PERIOD_MS)),
                                    MAX_CACHED_DATA_KEYS,
                                    System::nanoTime)));
            StreamReconciler reconciler =
                    new StreamReconciler(metadata, new StreamUpdater(metadata, clock), topics, deleted -> {
                        routers.forget(deleted);
                        limiter.forget(deleted);
                        usage.forget(deleted);
                        heat.forget(deleted);
                        metrics.forget(deleted);
                        figures.forget(deleted);
                        readers.evict(TopicNames.natural(config.getString(KinesisConfig.TOPIC_PREFIX), deleted));
                    });
            resources.push(reconciler);
            reconciler.start(Duration.ofSeconds(2));

            AwsService api = KinesisApi.actions(
                    backend, reconciler, control, iterators -> new FanOut(backend, iterators), policies);
            LOG.info(
                    "Kinesis API ready (shard limits {}, GetRecords read path {})",
                    config.shardLimitsEnforced() ? "enforced" : "off",
                    config.getString(KinesisConfig.READ_PATH));
            return new KinesisService(resources, api, backend);
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the Kinesis API");
            throw e;
        }
    }

    /**
     * Shares this gateway's per-shard usage with the others on the cluster (with shard limits off, the ON_DEMAND
     * streams' writes only), or without sharing feeds on-demand scaling with this gateway's writes alone.
     */
    private static UsageExchange startUsageExchange(
            KinesisConfig config,
            StreamTopics topics,
            Map<String, Object> clientProps,
            MetadataStore metadata,
            ShardUsageTally usage,
            ShardThroughputLimiter limiter,
            ShardHeat heat)
            throws Exception {
        Duration interval = Duration.ofMillis(config.getLong(KinesisConfig.CLUSTER_USAGE_INTERVAL_MS));
        Function<String, Optional<StreamMode>> modes =
                stream -> metadata.stream(stream).map(StreamMetadata::getMode);
        if (!config.clusterUsage()) {
            return UsageExchange.start(usage, limiter, heat, modes, interval, Optional.empty(), clientProps);
        }
        String topic = config.getString(KinesisConfig.USAGE_TOPIC);
        topics.create(topic, 1, USAGE_RETENTION.toMillis()).get(30, TimeUnit.SECONDS);
        LOG.info(
                "Per-shard usage shared across gateways through {} every {} ms ({})",
                topic,
                interval.toMillis(),
                config.clusterQuotas() ? "shard quotas and on-demand scaling" : "on-demand scaling");
        return UsageExchange.start(usage, limiter, heat, modes, interval, Optional.of(topic), clientProps);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api);
    }

    /** The policies of this account's streams and consumers, as this gateway's view of the metadata has them. */
    @Override
    public ResourcePolicies resourcePolicies() {
        return resourcePolicies;
    }

    /**
     * Publishes this gateway's traffic to {@code sink} as AWS publishes it to CloudWatch ({@code AWS/Kinesis}), every
     * {@code interval} (a minute, as AWS; shorter only in tests); stopped with the service.
     */
    public void publishMetricsTo(MetricSink sink, Duration interval) {
        CloudWatchPublisher publisher = new CloudWatchPublisher(
                backend.figures(),
                backend.metrics(),
                stream -> KinesisApi.enabledShardMetrics(backend, stream),
                sink,
                backend.clock(),
                interval);
        resources.push(publisher);
    }

    /** The key that seals this cluster's shard iterators (for tools and tests that mint iterators). */
    public TokenSigner iteratorSigner() {
        return backend.signer();
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the Kinesis API");
        LOG.info("Kinesis API stopped");
    }
}
