package io.millrace.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.config.DeliveryKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.s3.ObjectWriter;
import io.millrace.firehose.s3.S3Clients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Objects written several at once can land out of order: here the oldest segment's PUT fails while the two after it
 * land. The commit must stay at the oldest segment's start, and a task that takes over from there (a crash) must
 * rewrite the later objects under the same keys, so every record is in S3 exactly once. The store is real (S3Proxy);
 * the failure is the SDK's own interceptor refusing to send that one PUT.
 */
class ParallelWriteReplayIT {
    /** Records arrive a minute apart from 2023-11-14T22:13:20Z, so each object's key names its first record. */
    private static final long FIRST_ARRIVAL = 1_700_000_000_000L;

    private static final String OLDEST_OBJECT_TIME = "2023-11-14-22-13-20";

    private final TestStack stack = TestStack.get();

    @Test
    void aFailedOlderObjectHoldsTheCommitAndTheReplayRewritesTheNewerOnes() throws Exception {
        String stream = TestStack.unique("parallel");
        String bucket = TestStack.unique("parallel");
        String topic = TestStack.unique("parallel");
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        props.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        props.put(DeliveryKeys.UPLOAD_PARALLELISM, "4");
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        TopicPartition tp = new TopicPartition(topic, 0);

        try (S3Client s3 = S3Clients.create(config);
                S3Client failingFirst = refusingOnce(config, "-" + OLDEST_OBJECT_TIME + "-")) {
            // Three segments cut by the interval; the first one's object cannot be written.
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine first = engine(config, failingFirst, s3, clock, "first");
            FailFirstObject.armed = true;
            accept(first, config, topic, 0, 4);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, config, topic, 4, 7);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, config, topic, 7, 9);
            clock.addAndGet(6000);
            first.sealDue();
            assertThatThrownBy(first::writeObjects).isInstanceOf(SdkClientException.class);
            assertThat(stack.keys(bucket, "")).hasSize(2);
            // The two newer objects are in S3, the oldest is not: nothing may be committed yet.
            assertThat(first.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(0));
            List<String> before = stack.keys(bucket, "");
            first.close();

            // The task dies; the next one reads from the committed offset 0 and cuts where the log says.
            DeliveryEngine second = engine(config, s3, s3, new AtomicLong(9_000_000), "second");
            accept(second, config, topic, 0, 9);
            second.writeObjects();
            List<String> after = stack.keys(bucket, "");
            assertThat(after).hasSize(3).containsAll(before);
            List<String> lines = new ArrayList<>();
            for (String key : after) {
                lines.addAll(new String(stack.get(bucket, key), StandardCharsets.UTF_8)
                        .lines()
                        .toList());
            }
            assertThat(lines).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8");
            assertThat(second.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(9));
            second.close();
        } finally {
            FailFirstObject.armed = false;
        }
    }

    /** A client whose first PUT of a key containing {@code marker} fails before it is sent. */
    private static S3Client refusingOnce(FirehoseSinkConfig config, String marker) {
        return S3Client.builder()
                .region(Region.of(config.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())))
                .forcePathStyle(config.pathStyleAccess())
                .endpointOverride(java.net.URI.create(config.s3Endpoint()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new FailFirstObject(marker)))
                .build();
    }

    /** Refuses the first PutObject of a key with its marker after being armed, then lets every other one through. */
    static final class FailFirstObject implements ExecutionInterceptor {
        static volatile boolean armed;
        private final String marker;

        FailFirstObject(String marker) {
            this.marker = marker;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().contains(marker) && armed) {
                synchronized (FailFirstObject.class) {
                    if (armed) {
                        armed = false;
                        throw SdkClientException.create("refused by the test: the store is unreachable");
                    }
                }
            }
        }
    }

    private static DeliveryEngine engine(
            FirehoseSinkConfig config, S3Client objects, S3Client log, AtomicLong clock, String task) {
        return new DeliveryEngine(
                config,
                new ObjectWriter(objects),
                TestStack.get().segmentLog(config, log),
                new DeliveryMetrics(config.streamName(), task),
                clock::get);
    }

    private static void accept(DeliveryEngine engine, FirehoseSinkConfig config, String topic, int from, int to) {
        SegmentReplayIT.accept(engine, config, topic, from, to, offset -> FIRST_ARRIVAL + offset * 60_000L);
    }
}
