package io.millrace.cloudtrail.testkit;

import io.millrace.cloudtrail.CloudTrailConfig;
import io.millrace.cloudtrail.CloudTrailService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.lambda.LambdaConfig;
import io.millrace.lambda.LambdaService;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestSession;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * A gateway in signed mode as {@code millrace up} assembles it, with its audit trail: Kinesis, IAM/STS, Lambda (without
 * pollers) and CloudTrail on one port, every call written to an audit topic of its own before it is answered.
 *
 * <p>Starting one costs tens of seconds on a loaded machine, so tests that need no settings of their own share
 * {@link #shared()} and find their own events in its trail by the unique names of their users and streams.
 */
public final class AuditedNode implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    public static final String ROOT_SECRET = "root-secret-for-tests";
    public static final AwsCredentials ROOT = AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET);
    private static final String IAM_SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static AuditedNode shared;
    private static LocalS3 sharedS3;

    private final IamService iam;
    private final KinesisService kinesis;
    private final LambdaService lambda;
    private final CloudTrailService cloudTrail;
    private final Gateway gateway;
    private final String auditTopic;
    private final String trailsTopic;
    private final LocalS3 s3;

    private AuditedNode(
            IamService iam,
            KinesisService kinesis,
            LambdaService lambda,
            CloudTrailService cloudTrail,
            Gateway gateway,
            String auditTopic,
            String trailsTopic,
            LocalS3 s3) {
        this.trailsTopic = trailsTopic;
        this.s3 = s3;
        this.iam = iam;
        this.kinesis = kinesis;
        this.lambda = lambda;
        this.cloudTrail = cloudTrail;
        this.gateway = gateway;
        this.auditTopic = auditTopic;
    }

    /** The node this JVM's tests share, started on first use and closed when the test session ends. */
    public static synchronized AuditedNode shared() throws Exception {
        if (shared == null) {
            sharedS3 = LocalS3.start();
            TestSession.closeAtEnd(sharedS3);
            // Trails of the shared node deliver every 2 s, so that tests see their log files soon.
            shared = start(Map.of(CloudTrailConfig.DELIVERY_PERIOD_MS, "2000"), sharedS3);
            TestSession.closeAtEnd(shared);
        }
        return shared;
    }

    /**
     * A node with audit, trail and IAM topics of its own unless {@code settings} name them (two nodes given the same
     * topics are two gateways of one platform), delivering trails to {@code s3}.
     */
    public static AuditedNode start(Map<String, String> settings, LocalS3 s3) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>(settings);
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(GatewayConfig.ACCOUNT_ID, ACCOUNT);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, ROOT_KEY + ":" + ROOT_SECRET);
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.putIfAbsent(IamConfig.TOPIC, "__millrace_iam_audit_" + suffix);
        props.putIfAbsent(CloudTrailConfig.TRAILS_TOPIC, "__millrace_cloudtrail_" + suffix);
        props.put(IamConfig.SECRET_KEY, IAM_SECRET_KEY);
        props.putIfAbsent(CloudTrailConfig.TOPIC, "__millrace_audit_" + suffix);
        KinesisConfig config = new KinesisConfig(props);
        CloudTrailConfig cloudTrailConfig = new CloudTrailConfig(props);
        CloudTrailService cloudTrail = CloudTrailService.start(
                cloudTrailConfig,
                config.kafkaClientProperties(),
                config.getString(GatewayConfig.REGION),
                ACCOUNT,
                s3.connection());
        IamService iam = null;
        KinesisService kinesis = null;
        LambdaService lambda = null;
        try {
            iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
            kinesis = KinesisService.start(config);
            lambda = LambdaService.start(
                    new LambdaConfig(Map.of(
                            LambdaConfig.TOPIC,
                            "__millrace_lambda_audit_" + suffix,
                            LambdaConfig.STREAMS_METADATA_TOPIC,
                            config.getString(KinesisConfig.METADATA_TOPIC),
                            LambdaConfig.POLLERS,
                            "false")),
                    config.kafkaClientProperties(),
                    config.getString(GatewayConfig.REGION),
                    ACCOUNT);
            Gateway gateway = Gateway.start(
                    config,
                    List.of(kinesis, iam, lambda, cloudTrail),
                    iam.accessControl(kinesis.resourcePolicies()),
                    cloudTrail.auditTrail());
            return new AuditedNode(
                    iam,
                    kinesis,
                    lambda,
                    cloudTrail,
                    gateway,
                    cloudTrailConfig.getString(CloudTrailConfig.TOPIC),
                    cloudTrailConfig.getString(CloudTrailConfig.TRAILS_TOPIC),
                    s3);
        } catch (Exception | Error e) {
            if (lambda != null) {
                lambda.close();
            }
            if (kinesis != null) {
                kinesis.close();
            }
            if (iam != null) {
                iam.close();
            }
            cloudTrail.close();
            throw e;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public String auditTopic() {
        return auditTopic;
    }

    public String trailsTopic() {
        return trailsTopic;
    }

    /** The S3 store this node's trails deliver to. */
    public LocalS3 s3() {
        return s3;
    }

    /** An SDK v2 client of this node signing with {@code credentials}. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, AwsCredentials credentials) {
        return LocalClients.pointedAt(builder, endpoint(), Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    @Override
    public void close() {
        gateway.close();
        lambda.close();
        kinesis.close();
        iam.close();
        cloudTrail.close();
    }
}
