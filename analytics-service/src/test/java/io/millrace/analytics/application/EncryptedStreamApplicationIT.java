package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.crypto.KmsApiKeys;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationOperationInfo;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A SQL application over a stream encrypted with StartStreamEncryption, through the SDK clients: the platform's KMS
 * API on one gateway, Kinesis and the application API on another, the application API given the KMS endpoint as the
 * launcher gives it. The script names no KMS option and reads the records as they were put; a table's own
 * {@code sse.kms.endpoint} wins over the platform's.
 */
class EncryptedStreamApplicationIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ROOT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final List<String> PUT = List.of("secret-one", "secret-two", "secret-three");

    @TempDir
    static Path savepoints;

    private static KmsService kms;
    private static Gateway kmsGateway;
    private static KmsClient kmsClient;
    private static KmsApiKeys streamKeys;
    private static KinesisService kinesis;
    private static AnalyticsService analytics;
    private static Gateway gateway;
    private static KinesisClient kinesisClient;
    private static KinesisAnalyticsV2Client client;
    private static String input;

    @BeforeAll
    static void start(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        KinesisConfig config = new KinesisConfig(SignedPlatform.withTestReadPath(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                TestStreams.bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                KmsConfig.TOPIC,
                TestStreams.uniqueStream("__millrace_kms"),
                KmsConfig.ROOT_KEY,
                ROOT_KEY)));
        kms = KmsService.start(
                new KmsConfig(config.originals()),
                config.kafkaClientProperties(),
                config.getString(KinesisConfig.REGION),
                config.getString(KinesisConfig.ACCOUNT_ID));
        kmsGateway = Gateway.start(config, List.of(kms));
        URI kmsEndpoint = URI.create("http://127.0.0.1:" + kmsGateway.port());
        kmsClient = LocalClients.pointedAt(KmsClient.builder(), kmsEndpoint, Duration.ofSeconds(30))
                .build();
        streamKeys = new KmsApiKeys(LocalClients.pointedAt(KmsClient.builder(), kmsEndpoint, Duration.ofSeconds(30))
                .build());
        kinesis = KinesisService.start(config, ResourcePolicyValidator.POLICY_LANGUAGE, streamKeys);
        Configuration options = new Configuration();
        options.set(AnalyticsConfig.FLINK_REST_URL, flinkRest.toString());
        options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers());
        options.set(AnalyticsConfig.SAVEPOINT_DIR, savepoints.toUri().toString());
        options.set(AnalyticsConfig.METADATA_TOPIC, TestStreams.uniqueStream("__millrace_analytics"));
        options.set(AnalyticsConfig.KMS_ENDPOINT, kmsEndpoint.toString());
        options.set(AnalyticsConfig.KMS_ACCESS_KEY_ID, "test");
        options.set(AnalyticsConfig.KMS_SECRET_ACCESS_KEY, "test");
        analytics = AnalyticsService.start(
                options, config.kafkaClientProperties(), false, CompletableFuture.completedFuture(null));
        gateway = Gateway.start(config, List.of(kinesis, analytics));
        URI endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        kinesisClient = LocalClients.pointedAt(KinesisClient.builder(), endpoint, Duration.ofSeconds(30))
                .build();
        client = LocalClients.pointedAt(KinesisAnalyticsV2Client.builder(), endpoint, Duration.ofSeconds(60))
                .build();
        input = encryptedStream();
    }

    /** A stream encrypted under a new KMS key, holding {@link #PUT} as ciphertext. */
    private static String encryptedStream() {
        String stream = TestStreams.uniqueStream("sealed");
        kinesisClient.createStream(b -> b.streamName(stream).shardCount(2));
        awaitActive(stream);
        String keyId =
                kmsClient.createKey(b -> b.description("orders")).keyMetadata().keyId();
        kinesisClient.startStreamEncryption(
                b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyId));
        awaitActive(stream);
        for (String item : PUT) {
            EncryptionType stored = kinesisClient
                    .putRecord(b -> b.streamName(stream).partitionKey(item).data(SdkBytes.fromUtf8String(item)))
                    .encryptionType();
            assertThat(stored).isEqualTo(EncryptionType.KMS);
        }
        // What a job reading the topic gets unless it opens the envelopes.
        assertThat(TestStreams.readValues(stream)).hasSize(PUT.size()).doesNotContainAnyElementsOf(PUT);
        return stream;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {
            client, kinesisClient, gateway, analytics, kinesis, streamKeys, kmsClient, kmsGateway, kms
        }) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
    }

    @Test
    void aSqlApplicationReadsTheEncryptedStreamWithThePlatformsKms() {
        Copy copy = startCopy("opened", "");

        await().atMost(TIMEOUT)
                .until(() -> TestStreams.readValues(copy.output()), values -> values.size() >= PUT.size());
        assertThat(TestStreams.readValues(copy.output())).containsExactlyInAnyOrderElementsOf(PUT);
        assertThat(client.describeApplication(r -> r.applicationName(copy.application()))
                        .applicationDetail()
                        .applicationStatus())
                .isEqualTo(ApplicationStatus.RUNNING);
        client.stopApplication(r -> r.applicationName(copy.application()).force(true));
    }

    @Test
    void aTablesOwnKmsEndpointWinsOverThePlatforms() {
        // Nothing listens on the discard port: the job must fail there, not open the records with the platform's KMS.
        Copy copy = startCopy("unopened", ", 'sse.kms.endpoint' = 'http://127.0.0.1:9'");

        List<ApplicationOperationInfo> failures = await().atMost(TIMEOUT)
                .until(
                        () -> client.listApplicationOperations(r ->
                                        r.applicationName(copy.application()).operation("FlinkJobFailure"))
                                .applicationOperationInfoList(),
                        list -> !list.isEmpty());
        String cause = client.describeApplicationOperation(r -> r.applicationName(copy.application())
                        .operationId(failures.get(0).operationId()))
                .applicationOperationInfoDetails()
                .operationFailureDetails()
                .errorInfo()
                .errorString();
        assertThat(cause).contains("KMS is unreachable");
        assertThat(TestStreams.readValues(copy.output())).isEmpty();
    }

    private record Copy(String application, String output) {}

    /**
     * Creates an output stream and starts an application copying the encrypted stream's data to it;
     * {@code sourceOptions} are more options of its source table.
     */
    private static Copy startCopy(String base, String sourceOptions) {
        String output = TestStreams.uniqueStream(base);
        kinesisClient.createStream(b -> b.streamName(output).shardCount(1));
        awaitActive(output);
        String name = "copy-" + output;
        client.createApplication(AnalyticsTestGateway.sqlApplication(
                name, AnalyticsTestGateway.copySql(sourceOptions), input, output, false));
        client.startApplication(r -> r.applicationName(name));
        return new Copy(name, output);
    }

    private static void awaitActive(String stream) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kinesisClient
                                .describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }
}
