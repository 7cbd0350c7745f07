package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The SDK's async client sends every action over HTTP/2: the existing ones work there as over HTTP/1.1. */
class Http2ActionsIT {

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void putAndGetRoundTripAndErrorsOverHttp2(boolean cbor) {
        TestGateway gateway = FanOutClients.gateway();
        String stream = "h2-" + UUID.randomUUID().toString().substring(0, 8);
        try (KinesisAsyncClient async = FanOutClients.async(gateway, cbor)) {
            async.createStream(b -> b.streamName(stream).shardCount(1)).join();
            PutRecordResponse put = async.putRecord(b -> b.streamName(stream)
                            .partitionKey("key")
                            .data(SdkBytes.fromString("over h2", StandardCharsets.UTF_8)))
                    .join();
            String iterator = async.getShardIterator(b -> b.streamName(stream)
                            .shardId(put.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .join()
                    .shardIterator();
            GetRecordsResponse page =
                    async.getRecords(b -> b.shardIterator(iterator)).join();
            assertThat(page.records()).hasSize(1);
            assertThat(page.records().get(0).data().asString(StandardCharsets.UTF_8))
                    .isEqualTo("over h2");
            assertThat(page.records().get(0).sequenceNumber()).isEqualTo(put.sequenceNumber());
            assertThat(page.records().get(0).partitionKey()).isEqualTo("key");

            // Errors keep their AWS shape (the SDK maps them to typed exceptions from it).
            assertThatThrownBy(() -> async.describeStream(b -> b.streamName(stream + "-missing"))
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ResourceNotFoundException.class);
            async.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true))
                    .join();
        }
    }
}
