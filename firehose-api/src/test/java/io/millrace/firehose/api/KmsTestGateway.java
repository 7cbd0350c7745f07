package io.millrace.firehose.api;

import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.crypto.KmsApiKeys;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The platform's KMS API on a gateway of its own (on the test stack's broker), and a Firehose and Kinesis gateway
 * whose encryption uses it through the KMS API, as the connectors do: CUSTOMER_MANAGED_CMK data keys, Kinesis
 * stream encryption, and connectors opening both with KMS Decrypt. Data keys live {@link #DATA_KEY_PERIOD}, so that
 * disabling a key shows within a test. One per test JVM.
 */
final class KmsTestGateway implements AutoCloseable {

    /** Short, so that a disabled key shows within a test; the default is AWS's five minutes. */
    static final Duration DATA_KEY_PERIOD = Duration.ofMillis(300);

    /** A fixed KMS root key, as every gateway of a cluster shares one. */
    private static final String ROOT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static KmsTestGateway shared;

    private final KmsService kms;
    private final Gateway kmsGateway;
    private final KmsClient client;
    private final KmsApiKeys keys;
    private final FirehoseTestGateway firehose;

    private KmsTestGateway(
            KmsService kms, Gateway kmsGateway, KmsClient client, KmsApiKeys keys, FirehoseTestGateway firehose) {
        this.kms = kms;
        this.kmsGateway = kmsGateway;
        this.client = client;
        this.keys = keys;
        this.firehose = firehose;
    }

    static synchronized KmsTestGateway shared() throws Exception {
        if (shared == null) {
            shared = start();
            TestStack.closeAtEnd(shared);
        }
        return shared;
    }

    private static KmsTestGateway start() throws Exception {
        TestStack stack = TestStack.get();
        String name = TestStack.unique("kms");
        KinesisConfig config = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                stack.bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                KmsConfig.TOPIC,
                "__" + name,
                KmsConfig.ROOT_KEY,
                ROOT_KEY));
        KmsService kms = KmsService.start(
                new KmsConfig(config.originals()),
                config.kafkaClientProperties(),
                config.getString(KinesisConfig.REGION),
                config.getString(KinesisConfig.ACCOUNT_ID));
        Gateway kmsGateway = Gateway.start(config, List.of(kms));
        URI endpoint = URI.create("http://127.0.0.1:" + kmsGateway.port());
        KmsClient client = client(endpoint);
        // The gateway's own key service reaches KMS over the API too, as a gateway of another process would.
        KmsApiKeys keys = new KmsApiKeys(client(endpoint));
        FirehoseTestGateway firehose = FirehoseTestGateway.start(
                Map.of(
                        FirehoseConfig.KMS_ENDPOINT,
                        endpoint.toString(),
                        FirehoseConfig.KMS_ACCESS_KEY_ID,
                        "test",
                        FirehoseConfig.KMS_SECRET_ACCESS_KEY,
                        "test",
                        FirehoseConfig.DATA_KEY_PERIOD_MS,
                        Long.toString(DATA_KEY_PERIOD.toMillis())),
                CustomerKeys.of(keys),
                Map.of(KinesisConfig.DATA_KEY_PERIOD_MS, Long.toString(DATA_KEY_PERIOD.toMillis())),
                keys);
        return new KmsTestGateway(kms, kmsGateway, client, keys, firehose);
    }

    private static KmsClient client(URI endpoint) {
        return LocalClients.pointedAt(KmsClient.builder(), endpoint, Duration.ofSeconds(30))
                .build();
    }

    /** A KMS client on the KMS API: keys are made, disabled and enabled with it. */
    KmsClient kms() {
        return client;
    }

    /** The gateway with the Firehose and Kinesis APIs. */
    FirehoseTestGateway firehose() {
        return firehose;
    }

    @Override
    public void close() {
        firehose.close();
        keys.close();
        client.close();
        kmsGateway.close();
        kms.close();
    }
}
