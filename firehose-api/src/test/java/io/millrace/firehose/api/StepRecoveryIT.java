package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.encryption.DataKeys;
import io.millrace.firehose.encryption.RecordCipher;
import io.millrace.firehose.encryption.ServiceKey;
import io.millrace.firehose.it.TestStack;
import io.millrace.schemas.firehose.DataKey;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * A gateway that wrote CREATING, DELETING or encryption ENABLING and died before finishing: the metadata is written
 * here as that gateway left it, then gateways started afterwards finish the step (one of them: the claim is a
 * compare-and-set).
 */
class StepRecoveryIT {

    private static final String DEAD_GATEWAY = "gateway-that-died";
    /** Short enough that a recovering gateway acts within the test, long past for the steps written below. */
    private static final Map<String, String> QUICK_RECOVERY = Map.of(
            FirehoseConfig.STEP_TIMEOUT_MS, "5000",
            FirehoseConfig.RECOVERY_INTERVAL_MS, "500");

    private static TestStack stack;
    private static Admin admin;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        Properties props = new Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void aCreateLeftCreatingByADeadGatewayIsFinishedAndDelivers() throws Exception {
        String name = TestStack.unique("orphan-create");
        String bucket = TestStack.unique("orphan-create-bucket");
        stack.createBucket(bucket);
        long begun = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        try (MetadataTopic metadata = new MetadataTopic()) {
            metadata.write(creating(name, bucket, begun));
        }

        try (FirehoseTestGateway first = FirehoseTestGateway.start(QUICK_RECOVERY);
                FirehoseTestGateway second = FirehoseTestGateway.start(QUICK_RECOVERY)) {
            FirehoseClient client = first.client();
            Streams.awaitActive(client, name);
            assertThat(admin.listTopics().names().get()).contains("firehose-" + name);
            assertThat(connectorExists("firehose-" + name)).isTrue();
            try (MetadataTopic metadata = new MetadataTopic()) {
                DeliveryStreamMetadata active = metadata.current(name);
                assertThat(active.getStepOwner()).isNotEqualTo(DEAD_GATEWAY);
                // Written by the dead gateway (1), claimed once (2), made ACTIVE (3): one gateway resumed it.
                assertThat(active.getVersion()).isEqualTo(3);
            }

            second.client()
                    .putRecord(
                            r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("resumed\n"))));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        List<byte[]> objects = new ArrayList<>();
                        for (String key : stack.keys(bucket, "20")) {
                            objects.add(stack.get(bucket, key));
                        }
                        assertThat(new String(TestStack.concat(objects), StandardCharsets.UTF_8))
                                .isEqualTo("resumed\n");
                    });
            client.deleteDeliveryStream(r -> r.deliveryStreamName(name));
        }
    }

    @Test
    void aDeleteLeftDeletingByADeadGatewayIsFinished() throws Exception {
        String name = TestStack.unique("orphan-delete");
        String bucket = TestStack.unique("orphan-delete-bucket");
        stack.createBucket(bucket);
        FirehoseClient shared = FirehoseTestGateway.shared().client();
        shared.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(shared, name);
        try (MetadataTopic metadata = new MetadataTopic()) {
            DeliveryStreamMetadata active = metadata.current(name);
            metadata.write(DeliveryStreamMetadata.newBuilder(active)
                    .setVersion(active.getVersion() + 1)
                    .setStatus(DeliveryStreamStatus.DELETING)
                    .setStepOwner(DEAD_GATEWAY)
                    .setStepStartedAtMillis(
                            System.currentTimeMillis() - Duration.ofMinutes(10).toMillis())
                    .build());
        }
        assertThat(Streams.describe(shared, name).deliveryStreamStatusAsString())
                .isEqualTo("DELETING");

        try (FirehoseTestGateway recovering = FirehoseTestGateway.start(QUICK_RECOVERY)) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThatThrownBy(() -> Streams.describe(recovering.client(), name))
                            .isInstanceOf(ResourceNotFoundException.class));
        }
        // The broker's metadata follows the controller's deletion a moment later.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(admin.listTopics().names().get()).doesNotContain("firehose-" + name));
        assertThat(connectorExists("firehose-" + name)).isFalse();
        assertThatThrownBy(() -> Streams.describe(shared, name)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anEncryptionStartLeftEnablingIsFinishedWithTheStoredKey() throws Exception {
        String name = TestStack.unique("orphan-sse");
        String bucket = TestStack.unique("orphan-sse-bucket");
        stack.createBucket(bucket);
        FirehoseClient shared = FirehoseTestGateway.shared().client();
        shared.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(shared, name);
        // The dead gateway had made and stored the data key, but not handed it to the connector.
        byte[] wrapped = ServiceKey.fromBase64(FirehoseTestGateway.SERVICE_KEY).wrap(DataKeys.generate(), name, 1);
        try (MetadataTopic metadata = new MetadataTopic()) {
            DeliveryStreamMetadata active = metadata.current(name);
            metadata.write(DeliveryStreamMetadata.newBuilder(active)
                    .setVersion(active.getVersion() + 1)
                    .setEncryption(DeliveryStreamEncryption.newBuilder()
                            .setKeyType("AWS_OWNED_CMK")
                            .setStatus("ENABLING")
                            .setToggledAtMillis(List.of(System.currentTimeMillis()))
                            .setKeys(List.of(DataKey.newBuilder()
                                    .setId(1)
                                    .setWrappedKey(ByteBuffer.wrap(wrapped))
                                    .setCreatedAtMillis(System.currentTimeMillis())
                                    .build()))
                            .build())
                    .setStepOwner(DEAD_GATEWAY)
                    .setStepStartedAtMillis(
                            System.currentTimeMillis() - Duration.ofMinutes(10).toMillis())
                    .build());
        }

        try (FirehoseTestGateway recovering = FirehoseTestGateway.start(QUICK_RECOVERY)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Streams.describe(recovering.client(), name)
                            .deliveryStreamEncryptionConfiguration()
                            .statusAsString()
                            .equals("ENABLED"));
            assertThat(recovering
                            .client()
                            .putRecord(r ->
                                    r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("sealed\n"))))
                            .encrypted())
                    .isTrue();
        }
        assertThat(RawTopic.read("firehose-" + name, 1).get(0).headers().lastHeader(RecordCipher.HEADER))
                .isNotNull();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<byte[]> objects = new ArrayList<>();
                    for (String key : stack.keys(bucket, "20")) {
                        objects.add(stack.get(bucket, key));
                    }
                    assertThat(new String(TestStack.concat(objects), StandardCharsets.UTF_8))
                            .isEqualTo("sealed\n");
                });
    }

    @Test
    void aStepInProgressIsLeftToItsGateway() throws Exception {
        String name = TestStack.unique("busy-create");
        String bucket = TestStack.unique("busy-create-bucket");
        stack.createBucket(bucket);
        try (MetadataTopic metadata = new MetadataTopic()) {
            // Begun just now by a gateway that is (as far as anyone can tell) still working on it.
            metadata.write(creating(
                    name,
                    bucket,
                    System.currentTimeMillis() + Duration.ofMinutes(10).toMillis()));
        }
        try (FirehoseTestGateway other = FirehoseTestGateway.start(QUICK_RECOVERY)) {
            Thread.sleep(1_500); // three recovery passes of the other gateway
            assertThat(Streams.describe(other.client(), name).deliveryStreamStatusAsString())
                    .isEqualTo("CREATING");
        }
        assertThat(connectorExists("firehose-" + name)).isFalse();
        try (MetadataTopic metadata = new MetadataTopic()) {
            metadata.remove(name); // so that no later gateway of this run finishes it
        }
    }

    /** What CreateDeliveryStream writes before the topic and connector exist. */
    private static DeliveryStreamMetadata creating(String name, String bucket, long stepStartedAt) {
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("DeliveryStreamName", name);
        request.put("DeliveryStreamType", "DirectPut");
        ObjectNode destination = request.putObject("ExtendedS3DestinationConfiguration");
        destination.put("RoleARN", Streams.ROLE);
        destination.put("BucketARN", "arn:aws:s3:::" + bucket);
        destination.putObject("BufferingHints").put("SizeInMBs", 1).put("IntervalInSeconds", 1);
        long created = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        return DeliveryStreamMetadata.newBuilder()
                .setName(name)
                .setIncarnation(UUID.randomUUID().toString())
                .setVersion(1)
                .setStatus(DeliveryStreamStatus.CREATING)
                .setDeliveryStreamType("DirectPut")
                .setVersionId(1)
                .setSourceTopic("firehose-" + name)
                .setConnectorName("firehose-" + name)
                .setRequest(request.toString())
                .setCreatedAtMillis(created)
                .setUpdatedAtMillis(created)
                .setStepOwner(DEAD_GATEWAY)
                .setStepStartedAtMillis(stepStartedAt)
                .build();
    }

    private static boolean connectorExists(String connector) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        stack.connectUrl().replaceAll("/$", "") + "/connectors/" + connector))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }
}
