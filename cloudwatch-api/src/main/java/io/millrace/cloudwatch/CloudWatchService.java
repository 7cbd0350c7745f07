package io.millrace.cloudwatch;

import io.millrace.cloudwatch.alarm.AlarmEvaluator;
import io.millrace.cloudwatch.alarm.AlarmStore;
import io.millrace.cloudwatch.api.CloudWatchApi;
import io.millrace.cloudwatch.cluster.ClusterMetricStore;
import io.millrace.cloudwatch.peer.PeerApi;
import io.millrace.cloudwatch.peer.PeerClient;
import io.millrace.cloudwatch.peer.PeerCredential;
import io.millrace.cloudwatch.store.LocalMetricStore;
import io.millrace.cloudwatch.store.MetricWriter;
import io.millrace.cloudwatch.store.MetricsTopology;
import io.millrace.cloudwatch.store.OwnedMetricSink;
import io.millrace.cloudwatch.store.PlatformMetricSink;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.metrics.MetricSink;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudWatch API and what computes it, hosted by a {@link io.millrace.gateway.Gateway}: PutMetricData writes
 * datapoints to one topic, and a Kafka Streams instance per gateway (one application id for all, so they share the
 * topic's partitions) aggregates them into windowed state stores that the read actions query. Start it with the same
 * Kafka client properties as the gateway; close it after the gateway.
 */
public final class CloudWatchService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchService.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final Deque<AutoCloseable> resources;
    private final List<AwsService> apis;
    private final PeerCredential peerCredential;
    private final MetricSink platformMetrics;
    private final MetricSink ownedPlatformMetrics;
    private final Duration platformMetricsInterval;

    private CloudWatchService(
            Deque<AutoCloseable> resources,
            List<AwsService> apis,
            PeerCredential peerCredential,
            MetricSink platformMetrics,
            MetricSink ownedPlatformMetrics,
            Duration platformMetricsInterval) {
        this.platformMetricsInterval = platformMetricsInterval;
        this.resources = resources;
        this.apis = apis;
        this.peerCredential = peerCredential;
        this.platformMetrics = platformMetrics;
        this.ownedPlatformMetrics = ownedPlatformMetrics;
    }

    public static CloudWatchService start(CloudWatchConfig config, Map<String, Object> kafkaClientProps)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            String topic = config.getString(CloudWatchConfig.TOPIC);
            Duration retention = Duration.ofMillis(config.getLong(CloudWatchConfig.RETENTION_MS));
            createTopic(kafkaClientProps, topic, config.getInt(CloudWatchConfig.TOPIC_PARTITIONS), retention);

            Map<String, Object> producerProps = new LinkedHashMap<>(kafkaClientProps);
            producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-cloudwatch-writer");
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            MetricWriter writer = new MetricWriter(producerProps, topic);
            resources.push(writer);

            GatewayConfig gateway = new GatewayConfig(config.originals());
            Optional<HostInfo> advertised = AdvertisedEndpoint.of(config, gateway);
            Properties streamsProps = streamsProperties(config, kafkaClientProps);
            advertised.ifPresent(
                    host -> streamsProps.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host.host() + ":" + host.port()));
            KafkaStreams streams = new KafkaStreams(
                    MetricsTopology.build(
                            topic,
                            retention,
                            Duration.ofMillis(config.getLong(CloudWatchConfig.HIGH_RESOLUTION_RETENTION_MS))),
                    streamsProps);
            // Leaving the group on close lets the next start (a restart of this gateway) take the partitions at
            // once, instead of waiting out the old member's session.
            resources.push(() -> streams.close(
                    CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(30))));
            streams.start();
            awaitRunning(streams);

            ExecutorService executor =
                    Executors.newFixedThreadPool(config.getInt(CloudWatchConfig.THREADS), runnable -> {
                        Thread thread = new Thread(runnable, "millrace-cloudwatch");
                        thread.setDaemon(true);
                        return thread;
                    });
            resources.push(executor::shutdownNow);
            PeerCredential peerCredential =
                    new PeerCredential(peerKey(config), gateway.getString(GatewayConfig.ACCOUNT_ID));
            LocalMetricStore local = new LocalMetricStore(streams);
            ClusterMetricStore store = new ClusterMetricStore(
                    local, advertised, new PeerClient(peerCredential, gateway.getString(GatewayConfig.REGION)));
            VersionedTopic alarmsTopic = VersionedTopic.withOwnAdmin(
                    kafkaClientProps, config.getString(CloudWatchConfig.ALARMS_TOPIC), "millrace-cloudwatch-alarms");
            resources.push(alarmsTopic);
            AlarmStore alarms = new AlarmStore(alarmsTopic);
            alarmsTopic.start(Duration.ofSeconds(60));
            AlarmEvaluator evaluator = new AlarmEvaluator(alarms, store, Clock.systemUTC());
            resources.push(evaluator);
            evaluator.start(Duration.ofMillis(config.getLong(CloudWatchConfig.ALARM_EVALUATION_INTERVAL_MS)));
            LOG.info(
                    "CloudWatch API ready: datapoints in {}, state in {}, {}",
                    topic,
                    config.getString(CloudWatchConfig.STATE_DIR),
                    advertised
                            .map(host -> "read by the other gateways at " + host.host() + ":" + host.port())
                            .orElse("no advertised endpoint (reads see this gateway's partitions only)"));
            return new CloudWatchService(
                    resources,
                    List.of(
                            CloudWatchApi.actions(
                                    writer, store, alarms, config.getInt(CloudWatchConfig.MAX_ALARMS), executor),
                            PeerApi.actions(local, peerCredential, executor)),
                    peerCredential,
                    new PlatformMetricSink(writer),
                    new OwnedMetricSink(new PlatformMetricSink(writer), writer, streams),
                    Duration.ofMillis(config.getLong(CloudWatchConfig.PLATFORM_METRICS_INTERVAL_MS)));
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the CloudWatch API");
            throw e;
        }
    }

    /** The configured peer key, or a random one: a lone gateway signs only calls to itself, which never happen. */
    private static String peerKey(CloudWatchConfig config) {
        String configured = config.getPassword(CloudWatchConfig.PEER_KEY).value();
        if (!configured.isBlank()) {
            return configured;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static Properties streamsProperties(CloudWatchConfig config, Map<String, Object> kafkaClientProps) {
        Properties props = new Properties();
        props.putAll(kafkaClientProps);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(CloudWatchConfig.APPLICATION_ID));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(CloudWatchConfig.STATE_DIR));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // Reads are interactive queries of the stores: no record cache, so a datapoint is readable once processed.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // After a crash (kill -9) the dead member holds its partitions until its session ends: 10 s, not the
        // default 45 s, bounds how long a restarted platform waits for its metrics.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return props;
    }

    /** The datapoint topic: raw datapoints are needed only until aggregated, so it keeps them as long as a window. */
    private static void createTopic(
            Map<String, Object> kafkaClientProps, String topic, int partitions, Duration retention)
            throws InterruptedException, ExecutionException {
        Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClientProps);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-cloudwatch-admin");
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis())))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                throw new TimeoutException("Kafka Streams of the CloudWatch API did not start: " + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Override
    public List<AwsService> apis() {
        return apis;
    }

    /** Where the platform's services publish their own metrics ({@code AWS/Kinesis}, ...). */
    public MetricSink platformMetrics() {
        return platformMetrics;
    }

    /** How often the platform's services publish into {@link #platformMetrics()}: a minute unless configured. */
    public Duration platformMetricsInterval() {
        return platformMetricsInterval;
    }

    /**
     * Where figures that every gateway reads alike are published (an application's, from a Flink cluster the
     * gateways share): each metric only by the gateway that owns its partition, so the cluster counts it once.
     */
    public MetricSink ownedPlatformMetrics() {
        return ownedPlatformMetrics;
    }

    /** The peer key, so that the gateway's SigV4 check knows the other gateways' peer reads. */
    @Override
    public KeyDirectory keys() {
        return peerCredential.directory();
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the CloudWatch API");
    }
}
