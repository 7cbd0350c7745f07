package io.millrace.launcher.kms;

import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A gateway serving the Kinesis and KMS APIs on the shared embedded cluster, wired as the launcher wires them: the
 * Kinesis API encrypts streams with the in-process KMS ({@link KmsStreamKeys}).
 */
public final class EncryptedGateway implements AutoCloseable {

    /** A fixed KMS root key, as every gateway of a cluster shares one. */
    static final String ROOT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final KmsService kms;
    private final KinesisService kinesis;
    private final Gateway gateway;
    private final KinesisConfig config;

    private EncryptedGateway(KmsService kms, KinesisService kinesis, Gateway gateway, KinesisConfig config) {
        this.kms = kms;
        this.kinesis = kinesis;
        this.gateway = gateway;
        this.config = config;
    }

    /** {@code dataKeyPeriod}: how long data keys are reused, short in tests that switch keys off and on. */
    public static EncryptedGateway start(String name, Duration dataKeyPeriod) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(KinesisConfig.PORT, "0");
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.put(KinesisConfig.TOPIC_PREFIX, name + ".");
        props.put(KinesisConfig.METADATA_TOPIC, "__" + name + "-metadata");
        props.put(KinesisConfig.DATA_KEY_PERIOD_MS, String.valueOf(dataKeyPeriod.toMillis()));
        props.put(KmsConfig.TOPIC, "__" + name + "-kms");
        props.put(KmsConfig.ROOT_KEY, ROOT_KEY);
        KinesisConfig config = new KinesisConfig(props);
        KmsService kms = KmsService.start(
                new KmsConfig(props),
                config.kafkaClientProperties(),
                config.getString(KinesisConfig.REGION),
                config.getString(KinesisConfig.ACCOUNT_ID));
        KinesisService kinesis = null;
        try {
            kinesis = KinesisService.start(
                    config, ResourcePolicyValidator.POLICY_LANGUAGE, new KmsStreamKeys(kms.localCrypto()));
            return new EncryptedGateway(kms, kinesis, Gateway.start(config, List.of(kinesis, kms)), config);
        } catch (Exception | Error e) {
            if (kinesis != null) {
                kinesis.close();
            }
            kms.close();
            throw e;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public Map<String, Object> kafkaClientProperties() {
        return config.kafkaClientProperties();
    }

    public String topicOf(String stream) {
        return config.getString(KinesisConfig.TOPIC_PREFIX) + stream;
    }

    public KinesisClient kinesisClient() {
        return LocalClients.pointedAt(KinesisClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
    }

    public KmsClient kmsClient() {
        return LocalClients.pointedAt(KmsClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void close() {
        gateway.close();
        kinesis.close();
        kms.close();
    }
}
