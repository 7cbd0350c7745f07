package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ConcurrentModificationException;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;

/** UpdateDestination: merged configuration, VersionId, and records after the update following the new settings. */
class DestinationUpdateIT {

    @Test
    void anUpdateMergesIntoTheDestinationAndNewObjectsFollowIt() {
        TestStack stack = TestStack.get();
        FirehoseClient client = FirehoseTestGateway.shared().client();
        String name = TestStack.unique("update");
        String bucket = TestStack.unique("update-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);

        client.updateDestination(r -> r.deliveryStreamName(name)
                .currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.prefix("updated/").compressionFormat("GZIP")));

        DeliveryStreamDescription d = Streams.describe(client, name);
        assertThat(d.versionId()).isEqualTo("2");
        ExtendedS3DestinationDescription s3 = d.destinations().get(0).extendedS3DestinationDescription();
        assertThat(s3.prefix()).isEqualTo("updated/");
        assertThat(s3.compressionFormatAsString()).isEqualTo("GZIP");
        // Not in the update: kept.
        assertThat(s3.bufferingHints().intervalInSeconds()).isEqualTo(1);
        assertThat(s3.bucketARN()).isEqualTo("arn:aws:s3:::" + bucket);

        assertThatThrownBy(() -> client.updateDestination(r -> r.deliveryStreamName(name)
                        .currentDeliveryStreamVersionId("1")
                        .destinationId("destinationId-000000000001")
                        .extendedS3DestinationUpdate(u -> u.prefix("stale/"))))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> client.updateDestination(r -> r.deliveryStreamName(name)
                        .currentDeliveryStreamVersionId("2")
                        .destinationId("destinationId-000000000009")
                        .extendedS3DestinationUpdate(u -> u.prefix("other/"))))
                .isInstanceOf(InvalidArgumentException.class);

        // The connector restarts with the new configuration: version 2 in the object names, GZIP, the new prefix.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    client.putRecord(
                            r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("after"))));
                    List<String> keys = stack.keys(bucket, "updated/");
                    assertThat(keys).isNotEmpty();
                    assertThat(keys.get(0)).contains(name + "-2-").endsWith(".gz");
                    byte[] object = stack.get(bucket, keys.get(0));
                    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(object))) {
                        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                                .startsWith("after");
                    }
                });
    }
}
