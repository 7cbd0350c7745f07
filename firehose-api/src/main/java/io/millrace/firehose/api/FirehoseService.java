package io.millrace.firehose.api;

import io.millrace.firehose.glue.GlueCatalog;
import io.millrace.firehose.metrics.CloudWatchPublisher;
import io.millrace.firehose.metrics.DeliveryStreamFigures;
import io.millrace.firehose.state.StateTopics;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.metrics.MetricSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Firehose API, the Glue Data Catalog subset its format conversion reads, and the clients behind them, hosted by
 * a {@link io.millrace.gateway.Gateway}. Start it with the same Kafka client properties as the gateway; close it
 * after the gateway.
 */
public final class FirehoseService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseService.class);

    private final Deque<AutoCloseable> resources;
    private final AwsService api;
    private final AwsService glueApi;
    private final DeliveryStreamFigures figures;

    private FirehoseService(
            Deque<AutoCloseable> resources, AwsService api, AwsService glueApi, DeliveryStreamFigures figures) {
        this.resources = resources;
        this.api = api;
        this.glueApi = glueApi;
        this.figures = figures;
    }

    /** Open mode's service: any RoleARN goes and may do everything ({@link ServiceRoles#UNCHECKED}). */
    public static FirehoseService start(FirehoseConfig gatewayConfig, Map<String, Object> kafkaClientProps)
            throws Exception {
        return start(gatewayConfig, kafkaClientProps, ServiceRoles.UNCHECKED);
    }

    /** With the roles checked by {@code roles}, and no KMS: only KeyType AWS_OWNED_CMK. */
    public static FirehoseService start(
            FirehoseConfig gatewayConfig, Map<String, Object> kafkaClientProps, ServiceRoles roles) throws Exception {
        return start(gatewayConfig, kafkaClientProps, roles, CustomerKeys.NONE);
    }

    /**
     * With the roles delivery streams name checked by {@code roles}: in signed mode, IAM's
     * ({@code IamService.serviceRoles}), so that a role must exist and trust Firehose; and the KMS keys
     * CUSTOMER_MANAGED_CMK may name checked by {@code customerKeys}.
     */
    public static FirehoseService start(
            FirehoseConfig gatewayConfig,
            Map<String, Object> kafkaClientProps,
            ServiceRoles roles,
            CustomerKeys customerKeys)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        // Connectors reach the platform's Kafka as this gateway does, for their segment log and delivery health.
        FirehoseConfig config = gatewayConfig.withKafkaClients(kafkaClientProps);
        try {
            Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClientProps);
            adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-firehose-admin");
            Admin admin = Admin.create(adminProps);
            resources.push(admin);
            DeliveryStreamStore store =
                    new DeliveryStreamStore(kafkaClientProps, admin, config.getString(FirehoseConfig.METADATA_TOPIC));
            resources.push(store);
            store.start(Duration.ofSeconds(60));
            GlueCatalog glue = GlueCatalog.start(
                    kafkaClientProps, admin, config.getString(FirehoseConfig.GLUE_TOPIC), Duration.ofSeconds(60));
            resources.push(glue);
            StateTopics.ensureCompacted(admin, config.getString(FirehoseConfig.SEGMENT_LOG_TOPIC));
            DeliveryHealthView health = new DeliveryHealthView(
                    kafkaClientProps, admin, config.getString(FirehoseConfig.HEALTH_TOPIC), System::currentTimeMillis);
            resources.push(health);
            health.start(Duration.ofSeconds(60));
            ExecutorService lifecycleThreads = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "millrace-firehose-lifecycle");
                thread.setDaemon(true);
                return thread;
            });
            resources.push(lifecycleThreads::shutdownNow);
            DirectPutWriter writer = new DirectPutWriter(kafkaClientProps);
            resources.push(writer);
            DeliveryStreamFigures figures = new DeliveryStreamFigures();
            StreamEncryption encryption =
                    new StreamEncryption(config.serviceKey(), customerKeys, config.dataKeyPeriod());
            String gatewayId = UUID.randomUUID().toString();
            ConnectClient connect = new ConnectClient(config.connectUrl());
            DeliveryStreamLifecycle lifecycle = new DeliveryStreamLifecycle(
                    config, store, connect, admin, lifecycleThreads, encryption, gatewayId, glue, health);
            // The gateway's account and region, as it resolves them, for the ARNs of delivery streams checked
            // outside a request; the Kafka clients' settings complete what the gateway's configuration requires.
            Map<String, Object> gatewayProps = new LinkedHashMap<>(config.originals());
            gatewayProps.putAll(kafkaClientProps);
            GatewayConfig arns = new GatewayConfig(gatewayProps);
            DeliveryRoles deliveryRoles = new DeliveryRoles(
                    roles, arns.getString(GatewayConfig.ACCOUNT_ID), arns.getString(GatewayConfig.REGION));
            AwsService api = FirehoseApi.actions(
                    new DeliveryStreamAdminActions(
                            config, store, lifecycle, admin, encryption, glue, health, deliveryRoles),
                    new RecordPutActions(store, writer, encryption, new CustomerKeyStatus(store), figures),
                    new TagActions(store),
                    new DestinationUpdateActions(config, store, lifecycle, glue, deliveryRoles, encryption),
                    new EncryptionActions(store, lifecycle, encryption),
                    health::metricsText);
            lifecycle.alignConnectors(List.copyOf(store.streams()));
            StuckStepRecovery recovery =
                    new StuckStepRecovery(store, lifecycle, config.getLong(FirehoseConfig.STEP_TIMEOUT_MS));
            ScheduledExecutorService recoveryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "millrace-firehose-recovery");
                thread.setDaemon(true);
                return thread;
            });
            resources.push(recoveryTimer::shutdownNow);
            long interval = config.getLong(FirehoseConfig.RECOVERY_INTERVAL_MS);
            recoveryTimer.scheduleWithFixedDelay(recovery::run, 0, interval, TimeUnit.MILLISECONDS);
            if (deliveryRoles.checked()) {
                // A thread of its own: its Connect calls may wait, and must not hold up step recovery.
                ScheduledExecutorService roleTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "millrace-firehose-role-check");
                    thread.setDaemon(true);
                    return thread;
                });
                resources.push(roleTimer::shutdownNow);
                DeliveryRoleCheck roleCheck = new DeliveryRoleCheck(store, deliveryRoles, connect);
                long every = config.getLong(FirehoseConfig.ROLE_CHECK_INTERVAL_MS);
                roleTimer.scheduleWithFixedDelay(roleCheck::run, 0, every, TimeUnit.MILLISECONDS);
            }
            LOG.info("Firehose API ready as gateway {}: connectors on {}", gatewayId, config.connectUrl());
            return new FirehoseService(resources, api, glue.api(), figures);
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the Firehose API");
            throw e;
        }
    }

    /**
     * Publishes the AWS/Firehose Direct PUT metrics of this gateway's traffic to {@code sink} every
     * {@code interval} (the platform: its CloudWatch API, once a minute).
     */
    public void publishMetricsTo(MetricSink sink, Duration interval) {
        resources.push(new CloudWatchPublisher(figures, sink, Clock.systemUTC(), interval));
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api, glueApi);
    }

    public AwsService api() {
        return api;
    }

    /**
     * The Glue Data Catalog subset ({@code AWSGlue}) DataFormatConversionConfiguration takes its schema from: serve it
     * on the same gateway ({@link #apis()} has both).
     */
    public AwsService glueApi() {
        return glueApi;
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the Firehose API");
    }
}
