package io.millrace.firehose.api;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Creating delivery streams in tests, as a user would: the call, then waiting for ACTIVE. */
final class Streams {

    static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    private Streams() {}

    static CreateDeliveryStreamRequest.Builder directPut(String name, String bucket) {
        return CreateDeliveryStreamRequest.builder()
                .deliveryStreamName(name)
                .deliveryStreamType("DirectPut")
                .extendedS3DestinationConfiguration(d -> d.roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1)));
    }

    /** A delivery stream reading the Kinesis stream {@code streamArn} (KinesisStreamAsSource) into {@code bucket}. */
    static CreateDeliveryStreamRequest.Builder fromKinesis(String name, String bucket, String streamArn) {
        return directPut(name, bucket)
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(
                        k -> k.kinesisStreamARN(streamArn).roleARN(ROLE));
    }

    /** Creates a Kinesis stream, waits until it is ACTIVE, and answers its ARN. */
    static String createKinesisStream(KinesisClient kinesis, String stream, int shards) {
        kinesis.createStream(r -> r.streamName(stream).shardCount(shards));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kinesis.describeStreamSummary(r -> r.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        return kinesis.describeStreamSummary(r -> r.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
    }

    static DeliveryStreamDescription awaitActive(FirehoseClient client, String name) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> describe(client, name).deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
        return describe(client, name);
    }

    static DeliveryStreamDescription describe(FirehoseClient client, String name) {
        return client.describeDeliveryStream(r -> r.deliveryStreamName(name)).deliveryStreamDescription();
    }
}
