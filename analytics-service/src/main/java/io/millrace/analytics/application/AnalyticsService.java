package io.millrace.analytics.application;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.route.HttpRoute;
import io.millrace.metrics.MetricSink;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application API and what runs behind it, hosted by a {@link io.millrace.gateway.Gateway}.
 * Start it with the gateway's Kafka client properties once the Flink cluster answers; close it before that cluster.
 * On start, applications that were running run again (see {@link ApplicationLifecycle#resume}).
 */
public final class AnalyticsService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsService.class);
    private static final Duration SUSPEND_TIMEOUT = Duration.ofSeconds(15);

    private final Deque<AutoCloseable> resources;
    private final AwsService api;
    private final ApplicationLifecycle lifecycle;
    private final JobHealth health;
    private final boolean suspendOnClose;
    private final CompletableFuture<?> clusterReady;
    private final ApplicationStore store;
    private final URI restUrl;
    private final JobCredentialsRoute credentials;

    private AnalyticsService(
            Deque<AutoCloseable> resources,
            AwsService api,
            ApplicationLifecycle lifecycle,
            JobHealth health,
            boolean suspendOnClose,
            CompletableFuture<?> clusterReady,
            ApplicationStore store,
            URI restUrl,
            JobCredentialsRoute credentials) {
        this.store = store;
        this.credentials = credentials;
        this.restUrl = restUrl;
        this.resources = resources;
        this.api = api;
        this.lifecycle = lifecycle;
        this.health = health;
        this.suspendOnClose = suspendOnClose;
        this.clusterReady = clusterReady;
    }

    /**
     * @param options          {@link AnalyticsConfig}
     * @param kafkaClientProps the gateway's Kafka client properties (where the metadata topic lives)
     * @param clusterStopsWithUs true when the Flink cluster is embedded and stops with the platform: running
     *                         applications are then stopped with a savepoint on close and resumed from it on start;
     *                         a real cluster keeps running them in between
     * @param clusterReady     completes once the Flink cluster answers; the API serves requests before, and
     *                         starts, stops and snapshots wait for it
     */
    /** Open mode's service: any ServiceExecutionRole goes ({@link ServiceRoles#UNCHECKED}). */
    public static AnalyticsService start(
            Configuration options,
            Map<String, Object> kafkaClientProps,
            boolean clusterStopsWithUs,
            CompletionStage<?> clusterReady)
            throws Exception {
        return start(options, kafkaClientProps, clusterStopsWithUs, clusterReady, ServiceRoles.UNCHECKED);
    }

    /**
     * With applications' ServiceExecutionRole checked by {@code roles}: in signed mode, IAM's
     * ({@code IamService.serviceRoles}), so that the role must exist and trust the service.
     */
    public static AnalyticsService start(
            Configuration options,
            Map<String, Object> kafkaClientProps,
            boolean clusterStopsWithUs,
            CompletionStage<?> clusterReady,
            ServiceRoles roles)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            URI restUrl = URI.create(required(
                    options, AnalyticsConfig.FLINK_REST_URL.key(), options.get(AnalyticsConfig.FLINK_REST_URL)));
            String savepoints =
                    required(options, AnalyticsConfig.SAVEPOINT_DIR.key(), options.get(AnalyticsConfig.SAVEPOINT_DIR));
            Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClientProps);
            adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-analytics-admin");
            Admin admin = Admin.create(adminProps);
            resources.push(admin);
            ApplicationStore store =
                    new ApplicationStore(kafkaClientProps, admin, options.get(AnalyticsConfig.METADATA_TOPIC));
            resources.push(store);
            store.start(Duration.ofSeconds(60));
            FlinkJobs jobs = new FlinkJobs(restUrl);
            resources.push(jobs);
            ExecutorService lifecycleThreads = Executors.newCachedThreadPool(daemon("millrace-analytics-lifecycle"));
            resources.push(lifecycleThreads::shutdownNow);
            ExecutorService requestThreads = Executors.newFixedThreadPool(2, daemon("millrace-analytics-request"));
            resources.push(requestThreads::shutdownNow);
            Path codeDir = codeDirectory(options, savepoints);
            S3Code s3 = new S3Code(options);
            resources.push(s3);
            ApplicationCode code = new ApplicationCode(
                    new SqlCode(options.get(AnalyticsConfig.BOOTSTRAP_SERVERS), PlatformKms.of(options)),
                    new JarCode(codeDir, jobs),
                    s3,
                    restUrl);
            ExecutionRoles executionRoles = new ExecutionRoles(roles, options);
            ApplicationKafkaAccess kafka =
                    kafkaAccess(options, kafkaClientProps, admin, store, executionRoles, resources);
            ApplicationLifecycle lifecycle = new ApplicationLifecycle(
                    store, jobs, code, executionRoles, kafka, savepoints, lifecycleThreads, clusterReady);
            AwsService api = AnalyticsApi.actions(
                    new ApplicationActions(
                            store,
                            lifecycle,
                            code,
                            requestThreads,
                            options.get(AnalyticsConfig.MAX_APPLICATIONS),
                            executionRoles),
                    new UpdateActions(store, lifecycle, code, requestThreads, executionRoles),
                    new SnapshotActions(store, lifecycle),
                    new TagActions(store),
                    new OperationActions(store));
            lifecycle.resume(!clusterStopsWithUs);
            ScheduledExecutorService healthTimer =
                    Executors.newSingleThreadScheduledExecutor(daemon("millrace-analytics-health"));
            JobHealth health = new JobHealth(store, jobs, healthTimer, clusterReady.toCompletableFuture());
            resources.push(health);
            health.start();
            LOG.info("Application API ready: Flink at {}, snapshots in {}", restUrl, savepoints);
            return new AnalyticsService(
                    resources,
                    api,
                    lifecycle,
                    health,
                    clusterStopsWithUs,
                    clusterReady.toCompletableFuture(),
                    store,
                    restUrl,
                    new JobCredentialsRoute(executionRoles, store, requestThreads));
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the application API");
            throw e;
        }
    }

    /**
     * Signed mode with {@link AnalyticsConfig#KAFKA_ACLS}: applications' Kafka users and their ACLs, kept from the
     * Kinesis API's streams and the roles' policies; {@link ApplicationKafkaAccess#NONE} otherwise.
     */
    private static ApplicationKafkaAccess kafkaAccess(
            Configuration options,
            Map<String, Object> kafkaClientProps,
            Admin admin,
            ApplicationStore store,
            ExecutionRoles roles,
            Deque<AutoCloseable> resources)
            throws Exception {
        if (!options.get(AnalyticsConfig.KAFKA_ACLS) || !roles.checked()) {
            return ApplicationKafkaAccess.NONE;
        }
        StreamTopics streams = new StreamTopics(kafkaClientProps, options.get(AnalyticsConfig.STREAMS_METADATA_TOPIC));
        resources.push(streams);
        streams.start(Duration.ofSeconds(60));
        KafkaAclReconciler acls = new KafkaAclReconciler(
                admin, store, streams, roles::allows, options.get(AnalyticsConfig.STREAMS_METADATA_TOPIC));
        resources.push(acls);
        acls.start(options.get(AnalyticsConfig.KAFKA_ACL_INTERVAL));
        String jobServers = options.get(AnalyticsConfig.JOB_KAFKA_BOOTSTRAP_SERVERS);
        KafkaUsers users = jobServers == null || jobServers.isBlank() ? null : new KafkaUsers(admin, jobServers);
        LOG.info(
                "Applications' Kafka ACLs follow their roles' policies{}",
                users == null
                        ? "; jobs connect with the platform's Kafka access"
                        : "; jobs connect to " + jobServers + " as their application's own user");
        return new ApplicationKafkaAccess(users, acls);
    }

    /** Jars are read by this process: a local directory, next to local savepoints unless configured. */
    private static Path codeDirectory(Configuration options, String savepoints) {
        String configured = options.get(AnalyticsConfig.CODE_DIR);
        if (configured != null) {
            return Path.of(configured);
        }
        URI uri = URI.create(savepoints);
        if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
            throw new IllegalArgumentException(AnalyticsConfig.CODE_DIR.key() + " is required when "
                    + AnalyticsConfig.SAVEPOINT_DIR.key() + " is not a local directory");
        }
        Path directory = uri.getScheme() == null ? Path.of(savepoints) : Path.of(uri);
        return directory.toAbsolutePath().normalize().resolveSibling("code");
    }

    private static String required(Configuration options, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    /**
     * Publishes the figures of RUNNING applications' jobs to {@code sink} every {@code interval} (AWS/KinesisAnalytics,
     * see {@link ApplicationMetricsPublisher}); stops when the service closes.
     */
    public void publishMetricsTo(MetricSink sink, Duration interval) {
        resources.push(new ApplicationMetricsPublisher(
                store, new FlinkJobFigures(restUrl), clusterReady, sink, Clock.systemUTC(), interval));
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api);
    }

    public AwsService api() {
        return api;
    }

    /** The credentials endpoint running jobs renew their role credentials at ({@link JobCredentialsRoute}). */
    @Override
    public List<HttpRoute> routes(GatewayCalls calls) {
        return List.of(credentials);
    }

    @Override
    public void close() {
        // Jobs stopped from here on are not failures to record.
        health.close();
        // A cluster that never came up runs no job of ours: nothing to suspend, and no reason to wait for it.
        if (suspendOnClose && clusterReady.isDone() && !clusterReady.isCompletedExceptionally()) {
            lifecycle.suspendAll(SUSPEND_TIMEOUT);
        }
        Resources.closeAll(resources, "the application API");
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
