package io.millrace.kinesis.testkit;

import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestReadPath;
import io.millrace.testkit.TestSession;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A gateway on the shared embedded cluster, and AWS SDK v2 clients pointed at it. The JVM-wide gateways are kept
 * for the whole run (one with AWS's shard limits, one without); tests that need their own make one with
 * {@link #start(Map)} and close it.
 */
public final class TestGateway implements AutoCloseable {

    private static TestGateway unlimited;
    private static TestGateway limited;

    private final KinesisService kinesis;
    private final Gateway gateway;

    private TestGateway(KinesisService kinesis, Gateway gateway) {
        this.kinesis = kinesis;
        this.gateway = gateway;
    }

    /** The shared gateway with shard limits off: most tests want raw behaviour, not throttling. */
    public static synchronized TestGateway shared() {
        if (unlimited == null) {
            unlimited = start(Map.of(KinesisConfig.SHARD_LIMITS, "off"));
            TestSession.closeAtEnd(unlimited);
        }
        return unlimited;
    }

    /** The shared gateway that enforces AWS's per-shard limits. */
    public static synchronized TestGateway sharedWithLimits() {
        if (limited == null) {
            limited = start(Map.of(KinesisConfig.SHARD_LIMITS, "aws"));
            TestSession.closeAtEnd(limited);
        }
        return limited;
    }

    public static TestGateway start(Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>(overrides);
        // A gateway on a broker of its own (given in overrides) leaves the shared one unstarted.
        props.computeIfAbsent(
                KinesisConfig.BOOTSTRAP_SERVERS, key -> EmbeddedKafka.shared().bootstrapServers());
        props.putIfAbsent(KinesisConfig.PORT, "0");
        TestReadPath.putIfAbsent(props, KinesisConfig.READ_PATH);
        KinesisConfig config = new KinesisConfig(props);
        KinesisService kinesis = null;
        try {
            kinesis = KinesisService.start(config);
            return new TestGateway(kinesis, Gateway.start(config, List.of(kinesis)));
        } catch (Exception e) {
            if (kinesis != null) {
                kinesis.close();
            }
            throw new IllegalStateException("Cannot start a gateway", e);
        }
    }

    public int port() {
        return gateway.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The Kinesis API behind the endpoint. */
    public KinesisService kinesis() {
        return kinesis;
    }

    /** A synchronous SDK client speaking CBOR (the SDK's default) or JSON 1.1. */
    public KinesisClient client(boolean cbor) {
        // The SDK reads this setting when a client is built, so it is set around the build only.
        synchronized (TestGateway.class) {
            String previous = System.getProperty(SdkSystemSetting.CBOR_ENABLED.property());
            System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), Boolean.toString(cbor));
            try {
                return LocalClients.pointedAt(KinesisClient.builder(), endpoint(), Duration.ofSeconds(30))
                        .build();
            } finally {
                if (previous == null) {
                    System.clearProperty(SdkSystemSetting.CBOR_ENABLED.property());
                } else {
                    System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), previous);
                }
            }
        }
    }

    @Override
    public void close() {
        gateway.close();
        kinesis.close();
    }
}
