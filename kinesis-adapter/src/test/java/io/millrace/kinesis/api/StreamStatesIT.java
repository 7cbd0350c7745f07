package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Stream states as AWS reports them, with {@code millrace.kinesis.state-wait-ms=0}: CreateStream and DeleteStream
 * answer at once, the stream is CREATING, then ACTIVE, and DELETING until it is gone. Each gateway here has a
 * metadata topic of its own, so no other gateway of the test JVM works on its streams.
 */
class StreamStatesIT {

    private static TestGateway gateway;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of(
                KinesisConfig.STATE_WAIT_MS,
                "0",
                KinesisConfig.SHARD_LIMITS,
                "off",
                KinesisConfig.METADATA_TOPIC,
                "__millrace_states_" + UUID.randomUUID()));
        kinesis = gateway.client(true);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static StreamStatus status(String name) {
        return kinesis.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .streamStatus();
    }

    private static void awaitStatus(String name, StreamStatus expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (status(name) != expected) {
            assertThat(System.currentTimeMillis())
                    .as("%s never became %s", name, expected)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitGone(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(catchThrowable(() -> status(name)) instanceof ResourceNotFoundException)) {
            assertThat(System.currentTimeMillis())
                    .as("%s was never deleted", name)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * The calls AWS refuses on a CREATING stream. The topic work runs in the background, so a stream may turn
     * ACTIVE at any moment: only an attempt whose status was CREATING before and after the calls counts, and at
     * least one of a few attempts must be one (creating a 16-partition topic and recording it takes far longer
     * than four local calls).
     */
    @Test
    void creatingThenActiveAndWhatCreatingRefuses() throws Exception {
        List<String> bracketed = new ArrayList<>();
        for (int attempt = 0; attempt < 5 && bracketed.isEmpty(); attempt++) {
            String name = unique("states");
            kinesis.createStream(b -> b.streamName(name).shardCount(16));
            StreamStatus before = status(name);
            assertThat(before).isIn(StreamStatus.CREATING, StreamStatus.ACTIVE);
            // PutRecord and GetShardIterator model no ResourceInUseException: AWS answers not found until ACTIVE.
            Throwable put = catchThrowable(() -> kinesis.putRecord(
                    b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("early"))));
            Throwable iterator = catchThrowable(() -> kinesis.getShardIterator(b ->
                    b.streamName(name).shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.LATEST)));
            // DeleteStream: "If the stream is in the ACTIVE state, you can delete it" (API reference).
            Throwable delete = catchThrowable(() -> kinesis.deleteStream(b -> b.streamName(name)));
            StreamStatus after = delete == null ? null : status(name);
            if (before == StreamStatus.CREATING && after == StreamStatus.CREATING) {
                bracketed.add(name);
                assertThat(put).isInstanceOf(ResourceNotFoundException.class);
                assertThat(iterator).isInstanceOf(ResourceNotFoundException.class);
                assertThat(delete).isInstanceOf(ResourceInUseException.class).hasMessageContaining("CREATING");
            }
            if (delete == null) {
                awaitGone(name);
            } else {
                awaitStatus(name, StreamStatus.ACTIVE);
                kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("now")));
                kinesis.deleteStream(b -> b.streamName(name));
                awaitGone(name);
            }
        }
        assertThat(bracketed)
                .as("no CreateStream answered while the stream was still CREATING")
                .isNotEmpty();
    }

    @Test
    void deletingUntilGone() throws Exception {
        boolean sawDeleting = false;
        for (int attempt = 0; attempt < 5 && !sawDeleting; attempt++) {
            String name = unique("deleting");
            kinesis.createStream(b -> b.streamName(name).shardCount(16));
            awaitStatus(name, StreamStatus.ACTIVE);
            kinesis.deleteStream(b -> b.streamName(name));
            Throwable error = catchThrowable(() -> sawDeletingNow(name));
            sawDeleting = error == null;
            if (!sawDeleting) {
                assertThat(error).isInstanceOf(ResourceNotFoundException.class);
            }
            awaitGone(name);
        }
        assertThat(sawDeleting)
                .as("no DeleteStream answered while the stream was still DELETING")
                .isTrue();
    }

    private static void sawDeletingNow(String name) {
        assertThat(status(name)).isEqualTo(StreamStatus.DELETING);
    }

    /** "." and ".." are stream names AWS accepts but topic names Kafka refuses: they get topics of their own. */
    @Test
    void dotNamesBecomeActive() throws Exception {
        for (String name : List.of(".", "..")) {
            kinesis.createStream(b -> b.streamName(name).shardCount(1));
            awaitStatus(name, StreamStatus.ACTIVE);
            kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String(name)));
            String iterator = kinesis.getShardIterator(b -> b.streamName(name)
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(r -> r.data().asUtf8String())
                    .containsExactly(name);
            kinesis.deleteStream(b -> b.streamName(name));
            awaitGone(name);
        }
    }

    /**
     * A topic Kafka refuses for good (here: a replication factor the one-broker cluster cannot have) fails the
     * creation: the stream is removed and the reason logged, instead of a stream stuck in CREATING that AWS's API
     * gives no way to delete.
     */
    @Test
    void aStreamWhoseTopicKafkaRefusesIsRemoved() throws Exception {
        try (TestGateway refused = TestGateway.start(Map.of(
                KinesisConfig.STATE_WAIT_MS,
                "0",
                KinesisConfig.REPLICATION_FACTOR,
                "3",
                KinesisConfig.METADATA_TOPIC,
                "__millrace_refused_" + UUID.randomUUID()))) {
            KinesisClient client = refused.client(false);
            String name = unique("refused");
            client.createStream(b -> b.streamName(name).shardCount(1));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!(catchThrowable(() -> client.describeStreamSummary(b -> b.streamName(name)))
                    instanceof ResourceNotFoundException)) {
                assertThat(System.currentTimeMillis()).as("stream stayed").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(client.listStreams().streamNames()).doesNotContain(name);
            assertThatThrownBy(() -> client.deleteStream(b -> b.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
