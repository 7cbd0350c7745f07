package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.kinesis.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/** SigV4 is verified over HTTP/2 as over HTTP/1.1, SubscribeToShard included. */
class SignedSubscriptionIT {

    @Test
    void verifiedSignaturesOverHttp2AndABadSecretRefused() throws Exception {
        try (TestGateway gateway = TestGateway.start(Map.of(
                        "millrace.kinesis.shard-limits",
                        "off",
                        "millrace.gateway.credentials",
                        "AKIDFANOUT:s3cret",
                        "millrace.kinesis.subscription-seconds",
                        "3"));
                KinesisAsyncClient good = FanOutClients.async(gateway, true, "AKIDFANOUT", "s3cret");
                KinesisAsyncClient bad = FanOutClients.async(gateway, true, "AKIDFANOUT", "wrong")) {
            String stream = "signed-" + UUID.randomUUID().toString().substring(0, 8);
            good.createStream(b -> b.streamName(stream).shardCount(1)).join();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> good.describeStreamSummary(b -> b.streamName(stream))
                            .join()
                            .streamDescriptionSummary()
                            .streamStatusAsString()
                            .equals("ACTIVE"));
            String streamArn = good.describeStreamSummary(b -> b.streamName(stream))
                    .join()
                    .streamDescriptionSummary()
                    .streamARN();
            String consumerArn = good.registerStreamConsumer(
                            b -> b.streamARN(streamArn).consumerName("signed"))
                    .join()
                    .consumer()
                    .consumerARN();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> good.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                                    .join()
                                    .consumerDescription()
                                    .consumerStatus()
                            == ConsumerStatus.ACTIVE);
            good.putRecord(b -> b.streamName(stream)
                            .partitionKey("k")
                            .data(SdkBytes.fromString("signed", StandardCharsets.UTF_8)))
                    .join();

            StartingPosition horizon = StartingPosition.builder()
                    .type(ShardIteratorType.TRIM_HORIZON)
                    .build();
            FanOutClients.Recording ok =
                    new FanOutClients.Recording(good, consumerArn, "shardId-000000000000", horizon);
            ok.done.get(15, TimeUnit.SECONDS);
            assertThat(ok.records())
                    .extracting(r -> r.data().asString(StandardCharsets.UTF_8))
                    .containsExactly("signed");

            assertThatThrownBy(() -> bad.listStreams().join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(KinesisException.class);
            FanOutClients.Recording refused =
                    new FanOutClients.Recording(bad, consumerArn, "shardId-000000000000", horizon);
            assertThatThrownBy(() -> refused.done.get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(KinesisException.class)
                    .satisfies(e -> assertThat(
                                    ((KinesisException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidSignatureException"));
            good.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true))
                    .join();
        }
    }
}
