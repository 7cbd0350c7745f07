package io.millrace.firehose.api;

import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.config.S3Settings;
import io.millrace.iam.IamConfig;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.model.sse.KeyService;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestReadPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * A gateway serving the Firehose API on the test stack's broker, with connectors on the stack's Connect worker
 * (through its REST API) writing to its S3Proxy. One shared per JVM; {@link #start()} makes another, as a second
 * gateway or a restarted one would be.
 */
public final class FirehoseTestGateway implements AutoCloseable {

    /** The same service key on every test gateway, as a deployment configures all its gateways alike. */
    static final String SERVICE_KEY =
            Base64.getEncoder().encodeToString("millrace-test-service-key-32-byt".getBytes(StandardCharsets.US_ASCII));

    private static FirehoseTestGateway shared;

    private final FirehoseService firehose;
    private final KinesisService kinesis;
    private final Gateway gateway;
    private final FirehoseClient client;
    private final GlueClient glue;

    private FirehoseTestGateway(FirehoseService firehose, KinesisService kinesis, Gateway gateway) {
        this.firehose = firehose;
        this.kinesis = kinesis;
        this.gateway = gateway;
        URI endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        this.client = LocalClients.pointedAt(FirehoseClient.builder(), endpoint, Duration.ofSeconds(60))
                .build();
        this.glue = LocalClients.pointedAt(GlueClient.builder(), endpoint, Duration.ofSeconds(60))
                .build();
    }

    public static synchronized FirehoseTestGateway shared() {
        if (shared == null) {
            shared = start();
            TestStack.closeAtEnd(shared);
        }
        return shared;
    }

    public static FirehoseTestGateway start() {
        return start(Map.of());
    }

    /** A gateway with these Firehose API settings on top of the usual ones. */
    public static FirehoseTestGateway start(Map<String, String> extraFirehoseConfig) {
        return start(extraFirehoseConfig, CustomerKeys.NONE);
    }

    /** A gateway whose delivery streams may be encrypted with the customer managed keys {@code keys} allows. */
    public static FirehoseTestGateway start(Map<String, String> extraFirehoseConfig, CustomerKeys keys) {
        return start(extraFirehoseConfig, keys, Map.of(), null);
    }

    /**
     * A gateway whose Kinesis streams are encrypted with {@code streamKeys} (null: StartStreamEncryption refused),
     * with these Kinesis API settings on top of the usual ones.
     */
    public static FirehoseTestGateway start(
            Map<String, String> extraFirehoseConfig,
            CustomerKeys keys,
            Map<String, String> extraKinesisConfig,
            KeyService streamKeys) {
        TestStack stack = TestStack.get();
        Map<String, String> kinesisSettings = new HashMap<>(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                KinesisConfig.PORT, "0",
                KinesisConfig.SHARD_LIMITS, "off"));
        TestReadPath.putIfAbsent(kinesisSettings, KinesisConfig.READ_PATH);
        kinesisSettings.putAll(extraKinesisConfig);
        KinesisConfig kinesis = new KinesisConfig(kinesisSettings);
        FirehoseConfig config = config(extraFirehoseConfig);
        FirehoseService firehose = null;
        KinesisService streams = null;
        try {
            firehose = FirehoseService.start(config, kinesis.kafkaClientProperties(), ServiceRoles.UNCHECKED, keys);
            // Kinesis too: delivery streams read from Kinesis streams made through the same endpoint.
            streams = KinesisService.start(kinesis, ResourcePolicyValidator.POLICY_LANGUAGE, streamKeys);
            return new FirehoseTestGateway(firehose, streams, Gateway.start(kinesis, List.of(streams, firehose)));
        } catch (Exception e) {
            for (AutoCloseable started : new AutoCloseable[] {streams, firehose}) {
                if (started != null) {
                    try {
                        started.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
            }
            throw new IllegalStateException("Cannot start a gateway with the Firehose API", e);
        }
    }

    /**
     * A signed gateway's settings, as {@code millrace up --auth signed} gives them, on the test stack's broker: the
     * account, its root key and IAM's own topic (a new one per name), its port chosen at start.
     */
    static Map<String, Object> signedGateway(String account, String rootKey, String rootSecret, String name) {
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, TestStack.get().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(GatewayConfig.ACCOUNT_ID, account);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, rootKey + ":" + rootSecret);
        props.put(IamConfig.TOPIC, TestStack.unique("__millrace_iam_" + name));
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        return props;
    }

    /** The usual Firehose API settings for the test stack (Connect, S3Proxy, service key) with these on top. */
    static FirehoseConfig config(Map<String, String> extraFirehoseConfig) {
        TestStack stack = TestStack.get();
        Map<String, String> settings = new HashMap<>(Map.of(
                FirehoseConfig.CONNECT_URL,
                stack.connectUrl(),
                S3Settings.ENDPOINT,
                stack.s3Endpoint().toString(),
                S3Settings.ACCESS_KEY_ID,
                TestStack.ACCESS_KEY,
                S3Settings.SECRET_ACCESS_KEY,
                TestStack.SECRET_KEY,
                S3Settings.PATH_STYLE_ACCESS,
                "true",
                FirehoseConfig.ENCRYPTION_SERVICE_KEY,
                SERVICE_KEY));
        settings.putAll(extraFirehoseConfig);
        return new FirehoseConfig(settings);
    }

    /** The service itself, for what a launcher wires after start (its metrics). */
    FirehoseService service() {
        return firehose;
    }

    public FirehoseClient client() {
        return client;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    int port() {
        return gateway.port();
    }

    /** A Glue client on the same gateway: the catalog DataFormatConversionConfiguration reads tables from. */
    public GlueClient glue() {
        return glue;
    }

    @Override
    public void close() {
        client.close();
        glue.close();
        gateway.close();
        kinesis.close();
        firehose.close();
    }
}
