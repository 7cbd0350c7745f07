package io.millrace.launcher.up;

import io.millrace.analytics.application.AnalyticsService;
import io.millrace.cloudtrail.CloudTrailConfig;
import io.millrace.cloudtrail.CloudTrailService;
import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.console.ConsoleService;
import io.millrace.dynamodb.DynamoDbConfig;
import io.millrace.dynamodb.DynamoDbService;
import io.millrace.firehose.api.FirehoseService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.http.ListenerException;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.launcher.connect.EmbeddedConnect;
import io.millrace.launcher.datadir.SecretKeyFile;
import io.millrace.launcher.exit.LauncherException;
import io.millrace.launcher.firehose.ServiceKeyFile;
import io.millrace.launcher.flink.BackgroundFlink;
import io.millrace.launcher.kafka.EmbeddedKafka;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import io.millrace.launcher.kms.KmsFirehoseKeys;
import io.millrace.launcher.kms.KmsStreamKeys;
import io.millrace.launcher.net.Ports;
import io.millrace.launcher.net.ServiceProbe;
import io.millrace.launcher.s3.EmbeddedS3;
import io.millrace.launcher.s3.S3Credentials;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one {@code millrace up}, started in dependency order and stopped in reverse: Kafka, the S3 store,
 * the Connect worker, the audit trail (the CloudTrail API, in which the gateway records every call it answers), the
 * IAM API (whose roles the next two check in signed mode), the Firehose API, the application API, the DynamoDB API,
 * the Kinesis API, then the gateway that hosts them all, which stops taking requests first.
 * The Flink mini-cluster depends on none of them: it starts first, on a thread of its own, while the others start
 * (mostly waiting on Kafka and Connect's group join), is awaited before {@link #start} returns, and stops last.
 * Safe to close from a shutdown hook while it is starting.
 */
final class Platform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FLINK_TIMEOUT = Duration.ofSeconds(120);
    /** Task slots of the embedded mini-cluster: one per application subtask running at once. */
    private static final int FLINK_SLOTS = 16;
    /** Encrypts IAM secrets at rest and seals STS session tokens; several gateways set millrace.iam.secret-key. */
    static final String IAM_KEY_FILE = "iam/secret.key";
    /** Wraps every KMS key's material in Kafka; several gateways set millrace.kms.root-key. */
    static final String KMS_KEY_FILE = "kms/root.key";
    /** Signs the gateways' reads of each other's metrics; several gateways set millrace.cloudwatch.peer-key. */
    static final String CLOUDWATCH_PEER_KEY_FILE = "cloudwatch/peer.key";

    private record Running(String name, AutoCloseable service) {}

    private final Deque<Running> running = new ArrayDeque<>();
    private boolean closed;
    private EmbeddedKafka kafka;
    private Gateway gateway;

    void start(UpPlan plan) throws Exception {
        Listeners listeners = plan.listeners();
        // Registered first, so stopped last: the application API suspends its jobs on it before.
        BackgroundFlink flink = register(
                "Flink mini-cluster",
                new BackgroundFlink(
                        listeners.bind(ExposedService.FLINK),
                        plan.flink().port().orElse(0),
                        FLINK_SLOTS));
        if (plan.flink().port().isPresent()) {
            flink.launch();
        }
        Optional<EmbeddedKafkaSettings> embedded = plan.kafka();
        if (embedded.isPresent()) {
            kafka = register("Kafka", startKafka(embedded.get()));
        }
        FirehosePlan firehose = plan.firehose();
        if (firehose.s3Port().isPresent()) {
            register(
                    "S3 store",
                    startS3(
                            plan.dataDir().resolve("s3"),
                            listeners.bind(ExposedService.S3),
                            firehose.s3Port().get(),
                            firehose.s3Identity()));
        } else {
            ServiceProbe.awaitAnswer(firehose.s3Endpoint(), "S3 endpoint (--s3-endpoint)", PROBE_TIMEOUT);
        }
        if (firehose.connectPort().isPresent()) {
            String bootstrap = String.join(",", plan.kinesis().bootstrapServers());
            // One broker embedded: replication 1; an external cluster: its own default.
            short replication = embedded.isPresent() ? (short) 1 : (short) -1;
            int port = firehose.connectPort().get();
            register(
                    "Kafka Connect worker",
                    startConnect(
                            bootstrap,
                            listeners.bind(ExposedService.CONNECT),
                            port,
                            replication,
                            plan.kinesis().kafkaClientProperties()));
        } else {
            ServiceProbe.awaitAnswer(firehose.connectUrl(), "Kafka Connect (--connect-url)", PROBE_TIMEOUT);
        }
        // First of the services, so that the gateway records every call from its first one.
        CloudTrailService cloudTrail = register(
                "CloudTrail API",
                CloudTrailService.start(
                        new CloudTrailConfig(plan.kinesis().originals()),
                        plan.kinesis().kafkaClientProperties()));
        // Before the services that act as roles: in signed mode they check them against IAM's view.
        IamService iam = register("IAM API", startIam(plan));
        List<GatewayService> hosted = new CopyOnWriteArrayList<>();
        ServiceRoles roles = serviceRoles(plan, iam, hosted);
        // Before the services whose encryption takes its keys.
        KmsService kms = register("KMS API", startKms(plan));
        FirehoseService firehoseApi = register(
                "Firehose API",
                FirehoseService.start(
                        ServiceKeyFile.applyTo(firehose.config(), plan.dataDir()),
                        plan.kinesis().kafkaClientProperties(),
                        roles,
                        new KmsFirehoseKeys(kms.localCrypto())));
        CompletableFuture<?> clusterReady;
        if (plan.flink().port().isPresent()) {
            clusterReady = flink.ready();
        } else {
            ServiceProbe.awaitAnswer(
                    plan.flink().restUrl() + "/config", "Flink cluster (--flink-rest-url)", PROBE_TIMEOUT);
            clusterReady = CompletableFuture.completedFuture(null);
        }
        AnalyticsService analytics = register(
                "Application API",
                AnalyticsService.start(
                        plan.flink().options(),
                        plan.kinesis().kafkaClientProperties(),
                        plan.flink().port().isPresent(),
                        clusterReady,
                        roles));
        DynamoDbService dynamoDb = register(
                "DynamoDB API",
                DynamoDbService.start(
                        new DynamoDbConfig(plan.kinesis().originals()),
                        plan.kinesis().kafkaClientProperties()));
        CloudWatchService cloudWatch = register("CloudWatch API", startCloudWatch(plan));
        KinesisService kinesis = register(
                "Kinesis API",
                KinesisService.start(
                        plan.kinesis(), ResourcePolicyValidator.POLICY_LANGUAGE, new KmsStreamKeys(kms.localCrypto())));
        kinesis.publishMetricsTo(cloudWatch.platformMetrics(), Duration.ofMinutes(1));
        firehoseApi.publishMetricsTo(cloudWatch.platformMetrics(), Duration.ofMinutes(1));
        // The applications page links the Flink dashboard: the mini-cluster's or the external cluster's REST address.
        ConsoleService console = register(
                "Console",
                new ConsoleService(ConsoleService.SAMPLE_PERIOD, plan.flink().restUrl()));
        List<GatewayService> services =
                List.of(kinesis, firehoseApi, analytics, dynamoDb, cloudWatch, kms, iam, cloudTrail, console);
        hosted.addAll(services);
        AccessControl access = iam.accessControl(ResourcePolicies.firstOf(
                services.stream().map(GatewayService::resourcePolicies).toList()));
        gateway = register("Gateway", startGateway(plan.kinesis(), services, access, cloudTrail.auditTrail()));
        if (plan.flink().port().isPresent()) {
            awaitFlink(flink);
        }
    }

    /** The ready line promises every service answers: the mini-cluster too. */
    private static void awaitFlink(BackgroundFlink flink) throws InterruptedException {
        try {
            flink.ready().get(FLINK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new LauncherException(
                    "The Flink mini-cluster did not start: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new LauncherException(
                    "The Flink mini-cluster did not start within " + FLINK_TIMEOUT.toSeconds() + " s");
        }
    }

    Optional<EmbeddedKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        Running service;
        while ((service = next()) != null) {
            try {
                service.service().close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", service.name(), e.toString());
            }
        }
    }

    private synchronized Running next() {
        closed = true;
        return running.pollLast();
    }

    /** A service that finished starting after shutdown began is stopped at once instead of being leaked. */
    private <T extends AutoCloseable> T register(String name, T service) throws Exception {
        synchronized (this) {
            if (!closed) {
                running.addLast(new Running(name, service));
                return service;
            }
        }
        service.close();
        throw new LauncherException("shutting down: " + name + " was stopped before the platform was ready");
    }

    private static EmbeddedKafka startKafka(EmbeddedKafkaSettings settings) throws Exception {
        try {
            return EmbeddedKafka.start(settings);
        } catch (Exception e) {
            if (Ports.isBindFailure(e)) {
                throw new LauncherException("Kafka could not listen on port " + settings.port() + " or its controller"
                        + " port " + settings.controllerPort() + ": already in use (--kafka-port, --controller-port)");
            }
            throw e;
        }
    }

    private static EmbeddedS3 startS3(Path directory, String bind, int port, Optional<S3Credentials> identity)
            throws Exception {
        try {
            return EmbeddedS3.start(directory, bind, port, identity);
        } catch (Exception e) {
            if (Ports.isBindFailure(e)) {
                throw Ports.inUse(bind, port, "S3 store, --s3-port");
            }
            throw e;
        }
    }

    private static EmbeddedConnect startConnect(
            String bootstrap, String bind, int port, short replication, Map<String, Object> kafkaClient)
            throws Exception {
        try {
            return EmbeddedConnect.start(bootstrap, bind, port, replication, kafkaClient, CONNECT_TIMEOUT);
        } catch (Exception e) {
            if (Ports.isBindFailure(e)) {
                throw Ports.inUse(bind, port, "Kafka Connect worker, --connect-port");
            }
            throw e;
        }
    }

    /**
     * Signed mode: IAM's roles, with the resource policies of every hosted service (known once all have started,
     * before the gateway serves a request). Open mode: any role goes.
     */
    private static ServiceRoles serviceRoles(UpPlan plan, IamService iam, List<GatewayService> hosted) {
        if (plan.kinesis().authMode() != AuthMode.SIGNED) {
            return ServiceRoles.UNCHECKED;
        }
        return iam.serviceRoles(resourceArn -> ResourcePolicies.firstOf(
                        hosted.stream().map(GatewayService::resourcePolicies).toList())
                .policyOf(resourceArn));
    }

    /** A credentials file that cannot be applied is the operator's to fix: one line, no stack trace. */
    private static IamService startIam(UpPlan plan) throws Exception {
        IamConfig config = iamConfig(plan);
        try {
            return IamService.start(
                    config,
                    plan.kinesis().kafkaClientProperties(),
                    plan.kinesis().getString(GatewayConfig.ACCOUNT_ID));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new LauncherException(
                    "IAM credentials file " + config.getString(IamConfig.CREDENTIALS_FILE) + ": " + e.getMessage());
        }
    }

    /** The IAM settings, with the secret key of the data directory unless one is configured. */
    private static IamConfig iamConfig(UpPlan plan) {
        return new IamConfig(withDataDirKey(plan, IamConfig.SECRET_KEY, IAM_KEY_FILE, "the IAM secret key"));
    }

    /** The settings, with {@code key} read from (or made in) {@code file} of the data directory unless configured. */
    private static Map<String, Object> withDataDirKey(UpPlan plan, String key, String file, String what) {
        Map<String, Object> props = new HashMap<>(plan.kinesis().originals());
        if (String.valueOf(props.getOrDefault(key, "")).isBlank()) {
            props.put(key, SecretKeyFile.loadOrCreate(plan.dataDir().resolve(file), what));
        }
        return props;
    }

    /** The KMS API, its keys wrapped by the data directory's root key unless one is configured. */
    private static KmsService startKms(UpPlan plan) throws Exception {
        KmsConfig config = new KmsConfig(withDataDirKey(plan, KmsConfig.ROOT_KEY, KMS_KEY_FILE, "the KMS root key"));
        try {
            return KmsService.start(
                    config,
                    plan.kinesis().kafkaClientProperties(),
                    plan.kinesis().getString(GatewayConfig.REGION),
                    plan.kinesis().getString(GatewayConfig.ACCOUNT_ID));
        } catch (IllegalArgumentException e) {
            throw new LauncherException(KmsConfig.ROOT_KEY + ": " + e.getMessage());
        }
    }

    /** The CloudWatch API, its Kafka Streams state under DATA/cloudwatch unless the configuration says otherwise. */
    private static CloudWatchService startCloudWatch(UpPlan plan) throws Exception {
        Map<String, Object> props =
                withDataDirKey(plan, CloudWatchConfig.PEER_KEY, CLOUDWATCH_PEER_KEY_FILE, "the CloudWatch peer key");
        props.putIfAbsent(
                CloudWatchConfig.STATE_DIR, plan.dataDir().resolve("cloudwatch").toString());
        return CloudWatchService.start(
                new CloudWatchConfig(props), plan.kinesis().kafkaClientProperties());
    }

    private static Gateway startGateway(
            GatewayConfig config, List<GatewayService> services, AccessControl access, AuditTrail audit)
            throws Exception {
        try {
            return Gateway.start(config, services, access, audit);
        } catch (ListenerException e) {
            if (Ports.isBindFailure(e)) {
                boolean tls = e.port() == config.getInt(GatewayConfig.TLS_PORT);
                throw Ports.inUse(
                        config.getString(GatewayConfig.BIND),
                        e.port(),
                        tls ? "gateway, --tls-port" : "gateway, --port");
            }
            throw e;
        } catch (UncheckedIOException e) {
            // The certificate files given cannot be read, or the local CA's directory cannot be written.
            throw new LauncherException(e.getMessage());
        }
    }
}
