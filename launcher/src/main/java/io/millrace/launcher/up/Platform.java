package io.millrace.launcher.up;

import io.millrace.analytics.application.AnalyticsService;
import io.millrace.cloudtrail.CloudTrailConfig;
import io.millrace.cloudtrail.CloudTrailService;
import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.console.ConsoleConfig;
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
import io.millrace.gateway.config.S3Settings;
import io.millrace.gateway.http.ListenerException;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.lambda.LambdaConfig;
import io.millrace.lambda.LambdaService;
import io.millrace.launcher.connect.EmbeddedConnect;
import io.millrace.launcher.datadir.SecretKeyFile;
import io.millrace.launcher.exit.LauncherException;
import io.millrace.launcher.firehose.ServiceKeyFile;
import io.millrace.launcher.flink.BackgroundFlink;
import io.millrace.launcher.kafka.EmbeddedKafka;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import io.millrace.launcher.kms.KmsFirehoseKeys;
import io.millrace.launcher.kms.KmsStreamKeys;
import io.millrace.launcher.memory.MemoryConfig;
import io.millrace.launcher.net.Ports;
import io.millrace.launcher.net.ServiceProbe;
import io.millrace.launcher.s3.EmbeddedS3;
import io.millrace.launcher.s3.S3Credentials;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * The services of one {@code millrace up}, each started once what it needs answers, side by side otherwise, and
 * stopped in the reverse of {@link Stage}'s order. The Flink mini-cluster and the S3 store need nothing and start
 * at once, with Kafka; once Kafka answers, the Connect worker, the audit trail (the CloudTrail API, in which the
 * gateway records every call it answers), the IAM, KMS, DynamoDB and CloudWatch APIs start together; the Firehose
 * API follows IAM (whose roles it checks in signed mode), KMS (whose keys it encrypts with), S3 and Connect; the
 * application API follows IAM and S3; the Kinesis API follows KMS. The gateway that hosts them all starts last, and
 * the {@code ready} line waits for the mini-cluster too. The first part that fails stops the start: the parts
 * already running stop, and its own message is the one reported. Safe to close from a shutdown hook while it is
 * starting.
 */
final class Platform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FLINK_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Far longer than any one part's own timeout (Connect's 60 s), so that a part's own message is the one shown: a
     * start on a machine many times oversubscribed takes minutes, and still gets there.
     */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(15);
    /** Task slots of the embedded mini-cluster: one per application subtask running at once. */
    private static final int FLINK_SLOTS = 16;
    /** Encrypts IAM secrets at rest and seals STS session tokens; several gateways set millrace.iam.secret-key. */
    static final String IAM_KEY_FILE = "iam/secret.key";
    /** Wraps every KMS key's material in Kafka; several gateways set millrace.kms.root-key. */
    static final String KMS_KEY_FILE = "kms/root.key";
    /** Signs the gateways' reads of each other's metrics; several gateways set millrace.cloudwatch.peer-key. */
    static final String CLOUDWATCH_PEER_KEY_FILE = "cloudwatch/peer.key";

    /**
     * What a running part is, in the order the parts stop in reverse: the gateway stops taking requests first, the
     * services (the audit trail last, so it records every call), then Connect, S3, Kafka, and the mini-cluster, on
     * which the application API suspends its jobs before. Parts start side by side, so this order, not the order
     * they finished starting in, decides.
     */
    enum Stage {
        FLINK("Flink mini-cluster"),
        KAFKA("Kafka"),
        S3("S3 store"),
        CONNECT("Kafka Connect worker"),
        CLOUDTRAIL("CloudTrail API"),
        IAM("IAM API"),
        KMS("KMS API"),
        FIREHOSE("Firehose API"),
        ANALYTICS("Application API"),
        DYNAMODB("DynamoDB API"),
        CLOUDWATCH("CloudWatch API"),
        LAMBDA("Lambda API"),
        KINESIS("Kinesis API"),
        CONSOLE("Console"),
        GATEWAY("Gateway");

        private final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    private record Running(Stage stage, AutoCloseable service) {}

    private final List<Running> running = new ArrayList<>();
    private boolean closed;
    private volatile EmbeddedKafka kafka;
    private volatile EmbeddedS3 s3;
    private Gateway gateway;

    void start(UpPlan plan) throws Exception {
        try (StartSteps steps = new StartSteps()) {
            startIn(steps, plan);
        }
    }

    private void startIn(StartSteps steps, UpPlan plan) throws Exception {
        Listeners listeners = plan.listeners();
        BackgroundFlink flink = plan.flink().off()
                ? null
                : register(
                        Stage.FLINK,
                        new BackgroundFlink(
                                listeners.bind(ExposedService.FLINK),
                                plan.flink().port().orElse(0),
                                FLINK_SLOTS,
                                plan.memory()));
        if (flink != null && plan.flink().port().isPresent()) {
            flink.launch();
        }
        Optional<EmbeddedKafkaSettings> embedded = plan.kafka();
        CompletableFuture<Void> kafkaUp = steps.start("Kafka", () -> {
            if (embedded.isPresent()) {
                kafka = register(Stage.KAFKA, startKafka(embedded.get(), plan.memory()));
            }
            return null;
        });
        FirehosePlan firehose = plan.firehose();
        // The store needs nothing else: it starts while the broker does.
        CompletableFuture<Void> s3Up = steps.start("S3 store", () -> {
            if (firehose.s3Port().isPresent()) {
                s3 = register(
                        Stage.S3,
                        startS3(
                                plan.dataDir().resolve("s3"),
                                listeners.bind(ExposedService.S3),
                                firehose.s3Port().get(),
                                firehose.s3Identity()));
            } else {
                ServiceProbe.awaitAnswer(firehose.s3Endpoint(), "S3 endpoint (--s3-endpoint)", PROBE_TIMEOUT);
            }
            return null;
        });
        CompletableFuture<Void> connectUp = steps.start(
                "Kafka Connect worker",
                () -> {
                    if (firehose.connectPort().isPresent()) {
                        String bootstrap = String.join(",", plan.kinesis().bootstrapServers());
                        // One broker embedded: replication 1; an external cluster: its own default.
                        short replication = embedded.isPresent() ? (short) 1 : (short) -1;
                        register(
                                Stage.CONNECT,
                                startConnect(
                                        bootstrap,
                                        listeners.bind(ExposedService.CONNECT),
                                        firehose.connectPort().get(),
                                        replication,
                                        plan.kinesis().kafkaClientProperties(),
                                        plan.memory()));
                    } else {
                        ServiceProbe.awaitAnswer(firehose.connectUrl(), "Kafka Connect (--connect-url)", PROBE_TIMEOUT);
                    }
                    return null;
                },
                kafkaUp);
        // Each service below needs Kafka and the services it names; none needs the Connect worker's group join
        // except the Firehose API, which manages its connectors.
        CompletableFuture<CloudTrailService> cloudTrailUp = steps.start(
                "CloudTrail API",
                () -> register(
                        Stage.CLOUDTRAIL,
                        CloudTrailService.start(
                                new CloudTrailConfig(plan.kinesis().originals()),
                                plan.kinesis().kafkaClientProperties(),
                                plan.kinesis().getString(GatewayConfig.REGION),
                                plan.kinesis().getString(GatewayConfig.ACCOUNT_ID),
                                // Trails deliver to the store Firehose delivers to.
                                S3Settings.read(firehose.config()))),
                kafkaUp);
        // The applications page links the Flink dashboard: the mini-cluster's or the external cluster's REST address.
        CompletableFuture<ConsoleService> consoleUp = steps.start(
                "Console",
                () -> register(
                        Stage.CONSOLE,
                        ConsoleService.start(
                                new ConsoleConfig(plan.kinesis().originals()),
                                plan.kinesis().kafkaClientProperties(),
                                ConsoleService.SAMPLE_PERIOD,
                                plan.flink().restUrl(),
                                // A delivery stream's page lists its objects in the store Firehose delivers to.
                                S3Settings.read(firehose.config()))),
                kafkaUp);
        CompletableFuture<IamService> iamUp =
                steps.start("IAM API", () -> register(Stage.IAM, startIam(plan)), kafkaUp);
        List<GatewayService> hosted = new CopyOnWriteArrayList<>();
        CompletableFuture<KmsService> kmsUp =
                steps.start("KMS API", () -> register(Stage.KMS, startKms(plan)), kafkaUp);
        // In signed mode the services that act as roles check them against IAM's view.
        CompletableFuture<ServiceRoles> rolesUp = iamUp.thenApply(iam -> serviceRoles(plan, iam, hosted));
        CompletableFuture<FirehoseService> firehoseUp = steps.start(
                "Firehose API",
                () -> register(
                        Stage.FIREHOSE,
                        FirehoseService.start(
                                ServiceKeyFile.applyTo(firehose.config(), plan.dataDir()),
                                plan.kinesis().kafkaClientProperties(),
                                rolesUp.join(),
                                new KmsFirehoseKeys(kmsUp.join().localCrypto()))),
                rolesUp,
                kmsUp,
                connectUp,
                s3Up);
        CompletableFuture<?> clusterReady;
        if (flink == null) {
            // Job operations fail with this message; the API itself answers.
            clusterReady = CompletableFuture.failedFuture(
                    new IllegalStateException("this platform runs without a Flink cluster: applications cannot run"));
        } else if (plan.flink().port().isPresent()) {
            clusterReady = flink.ready();
        } else {
            ServiceProbe.awaitAnswer(
                    plan.flink().restUrl() + "/config", "Flink cluster (--flink-rest-url)", PROBE_TIMEOUT);
            clusterReady = CompletableFuture.completedFuture(null);
        }
        CompletableFuture<AnalyticsService> analyticsUp = steps.start(
                "Application API",
                () -> register(
                        Stage.ANALYTICS,
                        AnalyticsService.start(
                                plan.flink().options(),
                                plan.kinesis().kafkaClientProperties(),
                                plan.flink().port().isPresent(),
                                clusterReady,
                                rolesUp.join())),
                rolesUp,
                s3Up);
        CompletableFuture<DynamoDbService> dynamoDbUp = steps.start(
                "DynamoDB API",
                () -> register(
                        Stage.DYNAMODB,
                        DynamoDbService.start(
                                new DynamoDbConfig(plan.kinesis().originals()),
                                plan.kinesis().kafkaClientProperties())),
                kafkaUp);
        CompletableFuture<LambdaService> lambdaUp =
                steps.start("Lambda API", () -> register(Stage.LAMBDA, startLambda(plan)), kafkaUp);
        CompletableFuture<CloudWatchService> cloudWatchUp =
                steps.start("CloudWatch API", () -> register(Stage.CLOUDWATCH, startCloudWatch(plan)), kafkaUp);
        CompletableFuture<KinesisService> kinesisUp = steps.start(
                "Kinesis API",
                () -> register(
                        Stage.KINESIS,
                        KinesisService.start(
                                plan.kinesis(),
                                ResourcePolicyValidator.POLICY_LANGUAGE,
                                new KmsStreamKeys(kmsUp.join().localCrypto()))),
                kmsUp);
        steps.await(START_TIMEOUT);

        KinesisService kinesis = StartSteps.valueOf(kinesisUp);
        FirehoseService firehoseApi = StartSteps.valueOf(firehoseUp);
        CloudWatchService cloudWatch = StartSteps.valueOf(cloudWatchUp);
        CloudTrailService cloudTrail = StartSteps.valueOf(cloudTrailUp);
        IamService iam = StartSteps.valueOf(iamUp);
        // What the APIs count per call is published every interval; an application's figures, read from the Flink
        // REST API, once a minute whatever the interval.
        Duration publishEvery = cloudWatch.platformMetricsInterval();
        kinesis.publishMetricsTo(cloudWatch.platformMetrics(), publishEvery);
        firehoseApi.publishMetricsTo(cloudWatch.platformMetrics(), publishEvery);
        StartSteps.valueOf(lambdaUp).publishMetricsTo(cloudWatch.platformMetrics(), publishEvery);
        // An embedded Flink cluster runs this gateway's jobs only; a shared one's are read alike by every gateway, so
        // each figure is published by the gateway owning its partition of the datapoint topic.
        StartSteps.valueOf(analyticsUp)
                .publishMetricsTo(
                        plan.flink().port().isPresent()
                                ? cloudWatch.platformMetrics()
                                : cloudWatch.ownedPlatformMetrics(),
                        Duration.ofMinutes(1));
        ConsoleService console = StartSteps.valueOf(consoleUp);
        List<GatewayService> services = List.of(
                kinesis,
                firehoseApi,
                StartSteps.valueOf(analyticsUp),
                StartSteps.valueOf(dynamoDbUp),
                cloudWatch,
                StartSteps.valueOf(kmsUp),
                iam,
                cloudTrail,
                StartSteps.valueOf(lambdaUp),
                console);
        hosted.addAll(services);
        AccessControl access = iam.accessControl(ResourcePolicies.firstOf(
                services.stream().map(GatewayService::resourcePolicies).toList()));
        if (s3 != null) {
            // The exposed store takes IAM's users and sessions from now on, before the ready line.
            s3.acceptKeysOf(access);
        }
        gateway = register(Stage.GATEWAY, startGateway(plan.kinesis(), services, access, cloudTrail.auditTrail()));
        if (flink != null && plan.flink().port().isPresent()) {
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
                LOG.warn("{} did not stop cleanly: {}", service.stage().label, e.toString());
            }
        }
    }

    /** The running part of the latest stage. */
    private synchronized Running next() {
        closed = true;
        Running last = null;
        for (Running candidate : running) {
            if (last == null || candidate.stage().compareTo(last.stage()) >= 0) {
                last = candidate;
            }
        }
        running.remove(last);
        return last;
    }

    /** A service that finished starting after shutdown began is stopped at once instead of being leaked. */
    private <T extends AutoCloseable> T register(Stage stage, T service) throws Exception {
        synchronized (this) {
            if (!closed) {
                running.add(new Running(stage, service));
                return service;
            }
        }
        service.close();
        throw new LauncherException("shutting down: " + stage.label + " was stopped before the platform was ready");
    }

    private static EmbeddedKafka startKafka(EmbeddedKafkaSettings settings, MemoryConfig memory) throws Exception {
        try {
            return EmbeddedKafka.start(settings, memory);
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
            String bootstrap,
            String bind,
            int port,
            short replication,
            Map<String, Object> kafkaClient,
            MemoryConfig memory)
            throws Exception {
        try {
            return EmbeddedConnect.start(bootstrap, bind, port, replication, kafkaClient, memory, CONNECT_TIMEOUT);
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
    /** The Lambda API polls the streams of the Kinesis API's metadata topic, whatever it is named. */
    private static LambdaService startLambda(UpPlan plan) throws Exception {
        Map<String, Object> settings = new HashMap<>(plan.kinesis().originals());
        settings.putIfAbsent(
                LambdaConfig.STREAMS_METADATA_TOPIC, plan.kinesis().getString(KinesisConfig.METADATA_TOPIC));
        return LambdaService.start(
                new LambdaConfig(settings),
                plan.kinesis().kafkaClientProperties(),
                plan.kinesis().getString(GatewayConfig.REGION),
                plan.kinesis().getString(GatewayConfig.ACCOUNT_ID));
    }

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
