package io.millrace.iam.signed;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestSession;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One gateway in signed mode as {@code millrace up} assembles it: Kinesis and IAM/STS on one port, the IAM
 * service's keys and policies deciding, Kinesis's stream policies and IAM's role trust policies as the resource
 * policies. Several nodes on one broker and one IAM topic are several gateways of one cluster.
 *
 * <p>Starting one costs tens of seconds on a loaded machine, so the module's tests share {@link #shared()} and keep
 * apart by the names of the users, roles, policies and streams they make.
 */
final class SignedNode implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    static final String ROOT_SECRET = "root-secret-for-tests";
    private static final String IAM_SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static SignedNode shared;

    private final IamService iam;
    private final KinesisService kinesis;
    private final Gateway gateway;
    private final String iamTopic;

    private SignedNode(IamService iam, KinesisService kinesis, Gateway gateway, String iamTopic) {
        this.iam = iam;
        this.kinesis = kinesis;
        this.gateway = gateway;
        this.iamTopic = iamTopic;
    }

    /** The node the module's tests share, started on first use and closed when the test session ends. */
    static synchronized SignedNode shared() throws Exception {
        if (shared == null) {
            shared = start(
                    "__millrace_iam_shared_" + UUID.randomUUID().toString().substring(0, 8));
            TestSession.closeAtEnd(shared);
        }
        return shared;
    }

    static SignedNode start(String iamTopic) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(GatewayConfig.ACCOUNT_ID, ACCOUNT);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, ROOT_KEY + ":" + ROOT_SECRET);
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.put(IamConfig.TOPIC, iamTopic);
        props.put(IamConfig.SECRET_KEY, IAM_SECRET_KEY);
        KinesisConfig config = new KinesisConfig(props);
        IamService iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        KinesisService kinesis = null;
        try {
            kinesis = KinesisService.start(config);
            Gateway gateway =
                    Gateway.start(config, List.of(kinesis, iam), iam.accessControl(kinesis.resourcePolicies()));
            return new SignedNode(iam, kinesis, gateway, iamTopic);
        } catch (Exception | Error e) {
            if (kinesis != null) {
                kinesis.close();
            }
            iam.close();
            throw e;
        }
    }

    /** The IAM topic this node reads its users and policies from: another node on it serves the same account. */
    String iamTopic() {
        return iamTopic;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    KinesisClient kinesis(AwsCredentials credentials) {
        return LocalClients.pointedAt(KinesisClient.builder(), endpoint(), Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    IamClient iam(AwsCredentials credentials) {
        return LocalClients.pointedAt(IamClient.builder(), endpoint(), Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    StsClient sts(AwsCredentials credentials) {
        return LocalClients.pointedAt(StsClient.builder(), endpoint(), Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    @Override
    public void close() {
        gateway.close();
        kinesis.close();
        iam.close();
    }
}
