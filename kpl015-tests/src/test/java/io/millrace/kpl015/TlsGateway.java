package io.millrace.kpl015;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One in-JVM gateway on the shared embedded broker serving what the KPL calls: Kinesis, CloudWatch (its metrics) and
 * STS (its GetCallerIdentity), on a plain port for the test's own SDK clients and on an HTTPS port whose certificate
 * a local CA signs, for the KPL's native daemon. Every call it answers is kept (its audit hook), so a test can see
 * which actions the KPL made and over which connection.
 */
final class TlsGateway implements AutoCloseable {

    private final KinesisService kinesis;
    private final CloudWatchService cloudWatch;
    private final IamService iam;
    private final Gateway gateway;
    private final List<ApiCall> calls;

    private TlsGateway(
            KinesisService kinesis,
            CloudWatchService cloudWatch,
            IamService iam,
            Gateway gateway,
            List<ApiCall> calls) {
        this.kinesis = kinesis;
        this.cloudWatch = cloudWatch;
        this.iam = iam;
        this.gateway = gateway;
        this.calls = calls;
    }

    /** Topics and state named after {@code suffix}; the local CA and its certificates made in {@code dir}. */
    static TlsGateway start(String suffix, Path dir) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(KinesisConfig.PORT, "0");
        props.put(KinesisConfig.TLS_PORT, "0");
        props.put(KinesisConfig.TLS_LOCAL_CA_DIR, dir.resolve("tls").toString());
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.put(CloudWatchConfig.TOPIC, "__millrace_metrics_" + suffix);
        props.put(CloudWatchConfig.APPLICATION_ID, "millrace-cloudwatch-" + suffix);
        props.put(CloudWatchConfig.STATE_DIR, dir.resolve("cloudwatch").toString());
        props.put(IamConfig.TOPIC, "__millrace_iam_" + suffix);
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        KinesisConfig config = new KinesisConfig(props);
        KinesisService kinesis = KinesisService.start(config);
        CloudWatchService cloudWatch =
                CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties());
        IamService iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), "123456789012");
        List<ApiCall> calls = new CopyOnWriteArrayList<>();
        AuditTrail kept = call -> {
            calls.add(call);
            return CompletableFuture.completedFuture(null);
        };
        Gateway gateway = Gateway.start(config, List.of(kinesis, cloudWatch, iam), AccessControl.ROOT_KEYS_ONLY, kept);
        return new TlsGateway(kinesis, cloudWatch, iam, gateway, calls);
    }

    int tlsPort() {
        return gateway.tlsPort();
    }

    /** The local CA's certificate (PEM), which signed the HTTPS port's certificate. */
    Path caCertificate() {
        return gateway.localCa().orElseThrow().caCertificate();
    }

    /** Every call answered so far, in the order the gateway recorded them. */
    List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    KinesisClient kinesisClient() {
        return KinesisClient.builder()
                .endpointOverride(plainEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build();
    }

    CloudWatchClient cloudWatchClient() {
        return CloudWatchClient.builder()
                .endpointOverride(plainEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build();
    }

    private URI plainEndpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        iam.close();
        cloudWatch.close();
        kinesis.close();
    }
}
