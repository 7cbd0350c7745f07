package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.kinesis.testkit.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/** RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers, DeregisterStreamConsumer. */
class ConsumerRegistryIT {

    private static String streamArn(KinesisClient kinesis, String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
    }

    private static String newStream(KinesisClient kinesis, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        return name;
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void aConsumerIsCreatedActiveDescribedListedAndDeregistered(boolean cbor) {
        KinesisClient kinesis = FanOutClients.gateway().client(cbor);
        String stream = newStream(kinesis, "consumers");
        String streamArn = streamArn(kinesis, stream);
        Instant before = Instant.now().minusSeconds(1);

        Consumer registered = kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("reader").tags(Map.of("team", "a")))
                .consumer();
        assertThat(registered.consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        assertThat(registered.consumerName()).isEqualTo("reader");
        assertThat(registered.consumerCreationTimestamp())
                .isBetween(before, Instant.now().plusSeconds(1));
        assertThat(registered.consumerARN())
                .isEqualTo(streamArn + "/consumer/reader:"
                        + registered.consumerCreationTimestamp().getEpochSecond());
        FanOutClients.awaitStatus(kinesis, registered.consumerARN(), ConsumerStatus.ACTIVE);

        ConsumerDescription byName = kinesis.describeStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("reader"))
                .consumerDescription();
        assertThat(byName.consumerARN()).isEqualTo(registered.consumerARN());
        assertThat(byName.streamARN()).isEqualTo(streamArn);
        assertThat(byName.consumerCreationTimestamp()).isEqualTo(registered.consumerCreationTimestamp());
        assertThat(kinesis.listStreamConsumers(b -> b.streamARN(streamArn)).consumers())
                .extracting(Consumer::consumerARN)
                .containsExactly(registered.consumerARN());

        assertThatThrownBy(() -> kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("reader")))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(b ->
                        b.streamARN(streamArn).consumerName("reader").consumerARN(streamArn + "/consumer/other:1")))
                .isInstanceOf(InvalidArgumentException.class);

        kinesis.deregisterStreamConsumer(b -> b.consumerARN(registered.consumerARN()));
        assertThat(kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN()))
                        .consumerDescription()
                        .consumerStatus())
                .isEqualTo(ConsumerStatus.DELETING);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(
                                () -> kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN())))
                        .isInstanceOf(ResourceNotFoundException.class));
        assertThat(kinesis.listStreamConsumers(b -> b.streamARN(streamArn)).consumers())
                .isEmpty();

        // The name is free again: a new registration is a new consumer with a new ARN once a second has passed.
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
        String again = kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("reader"))
                .consumer()
                .consumerARN();
        assertThat(again).isNotEqualTo(registered.consumerARN());
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void unknownNamesArnsAndMalformedRequestsGetAwsErrors() {
        KinesisClient kinesis = FanOutClients.gateway().client(true);
        String stream = newStream(kinesis, "consumer-errors");
        String streamArn = streamArn(kinesis, stream);
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(streamArn + "/consumer/none:1")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.deregisterStreamConsumer(b -> b.consumerARN(streamArn + "/consumer/x:5")))
                .isInstanceOf(ResourceNotFoundException.class);
        String missingStream = streamArn.replace(stream, stream + "-missing");
        assertThatThrownBy(() -> kinesis.registerStreamConsumer(
                        b -> b.streamARN(missingStream).consumerName("c")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.listStreamConsumers(b -> b.streamARN(missingStream)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("bad name")))
                .hasMessageContaining("consumerName");
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.streamARN(streamArn)))
                .isInstanceOf(InvalidArgumentException.class);
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void twentyConsumersPerStreamFiveCreatingAtATimeAndPagesOfThem() {
        KinesisClient kinesis = FanOutClients.gateway().client(false);
        String stream = newStream(kinesis, "consumer-limit");
        String streamArn = streamArn(kinesis, stream);
        List<String> arns = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            for (int i = 0; i < 5; i++) {
                String name = "c" + (batch * 5 + i);
                arns.add(kinesis.registerStreamConsumer(
                                b -> b.streamARN(streamArn).consumerName(name))
                        .consumer()
                        .consumerARN());
            }
            if (batch == 0) {
                // AWS: a 6th consumer while 5 are CREATING is refused.
                assertThatThrownBy(() -> kinesis.registerStreamConsumer(
                                b -> b.streamARN(streamArn).consumerName("sixth")))
                        .isInstanceOf(LimitExceededException.class);
            }
            arns.forEach(arn -> FanOutClients.awaitStatus(kinesis, arn, ConsumerStatus.ACTIVE));
        }
        assertThatThrownBy(() -> kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("c20")))
                .isInstanceOf(LimitExceededException.class);

        List<String> listed = new ArrayList<>();
        ListStreamConsumersResponse page =
                kinesis.listStreamConsumers(b -> b.streamARN(streamArn).maxResults(7));
        listed.addAll(page.consumers().stream().map(Consumer::consumerARN).toList());
        int pages = 1;
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listStreamConsumers(
                    b -> b.streamARN(streamArn).nextToken(token).maxResults(7));
            listed.addAll(page.consumers().stream().map(Consumer::consumerARN).toList());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(arns);
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void anotherGatewayAndARestartSeeConsumersAndDeletingTheStreamDeletesThem() {
        KinesisClient kinesis = FanOutClients.gateway().client(true);
        String stream = newStream(kinesis, "consumer-shared");
        String streamArn = streamArn(kinesis, stream);
        String arn = FanOutClients.activeConsumer(kinesis, streamArn, "shared");
        try (TestGateway second = TestGateway.start(Map.of("millrace.kinesis.shard-limits", "off"))) {
            KinesisClient other = second.client(false);
            assertThat(other.describeStreamConsumer(b -> b.consumerARN(arn))
                            .consumerDescription()
                            .consumerStatus())
                    .isEqualTo(ConsumerStatus.ACTIVE);
            other.deregisterStreamConsumer(b -> b.streamARN(streamArn).consumerName("shared"));
        }
        assertThat(kinesis.describeStreamConsumer(b -> b.consumerARN(arn))
                        .consumerDescription()
                        .consumerStatus())
                .isIn(ConsumerStatus.DELETING);

        String kept = FanOutClients.activeConsumer(kinesis, streamArn, "kept");
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .consumerCount())
                .isEqualTo(1);
        // A stream with registered consumers is deleted only with EnforceConsumerDeletion, as AWS requires.
        assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("registered consumers");
        assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(false)))
                .isInstanceOf(ResourceInUseException.class);
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(kept)))
                        .isInstanceOf(ResourceNotFoundException.class));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(kinesis.listStreams().streamNames()).doesNotContain(stream));
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        String recreatedArn = streamArn(kinesis, stream);
        assertThat(kinesis.listStreamConsumers(b -> b.streamARN(recreatedArn)).consumers())
                .isEmpty();
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void subscribingAnUnknownOrDeletingConsumerOrAMissingShardFails() throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(true);
        String stream = newStream(kinesis, "consumer-subscribe");
        String streamArn = streamArn(kinesis, stream);
        String arn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
        StartingPosition horizon =
                StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build();
        try (KinesisAsyncClient async = FanOutClients.async(gateway, true)) {
            assertThat(subscribeError(async, arn, "shardId-000000000007", horizon))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(subscribeError(async, arn, "not-a-shard", horizon))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(subscribeError(async, streamArn + "/consumer/unknown:1", "shardId-000000000000", horizon))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(subscribeError(
                            async,
                            arn,
                            "shardId-000000000000",
                            StartingPosition.builder()
                                    .type(ShardIteratorType.AT_SEQUENCE_NUMBER)
                                    .build()))
                    .isInstanceOf(InvalidArgumentException.class);
            kinesis.deregisterStreamConsumer(b -> b.consumerARN(arn));
            assertThat(subscribeError(async, arn, "shardId-000000000000", horizon))
                    .isInstanceOf(ResourceInUseException.class);
        }
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    private static Throwable subscribeError(
            KinesisAsyncClient async, String consumerArn, String shardId, StartingPosition start) throws Exception {
        FanOutClients.Recording recording = new FanOutClients.Recording(async, consumerArn, shardId, start);
        try {
            recording.done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("SubscribeToShard succeeded");
    }
}
