package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.kinesis.testkit.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/** The wire itself: an event stream over plain HTTP/1.1 (chunked), and the body cap over HTTP/2. */
class RawEventStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anHttp11ClientGetsTheInitialResponseThenEventsInJson() throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(false);
        String stream = "raw-efo-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "raw");
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String("hello")));

        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(gateway.endpoint())
                .timeout(Duration.ofSeconds(30))
                .header("X-Amz-Target", "Kinesis_20131202.SubscribeToShard")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ConsumerARN\":\"" + consumerArn + "\","
                        + "\"ShardId\":\"shardId-000000000000\",\"StartingPosition\":{\"Type\":\"TRIM_HORIZON\"}}"))
                .build();
        // The stream ends after the gateway's short subscription time, so the whole body can be read.
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");

        List<Message> messages = new ArrayList<>();
        ByteBuffer body = ByteBuffer.wrap(response.body());
        while (body.hasRemaining()) {
            int length = body.getInt(body.position());
            ByteBuffer one = body.slice().limit(length);
            messages.add(Message.decode(one));
            body.position(body.position() + length);
        }
        assertThat(messages.get(0).getHeaders().get(":event-type").getString()).isEqualTo("initial-response");
        Message first = messages.get(1);
        assertThat(first.getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(first.getHeaders().get(":event-type").getString()).isEqualTo("SubscribeToShardEvent");
        assertThat(first.getHeaders().get(":content-type").getString()).isEqualTo("application/x-amz-json-1.1");
        JsonNode event = JSON.readTree(first.getPayload());
        JsonNode record = event.get("Records").get(0);
        assertThat(record.get("PartitionKey").asText()).isEqualTo("pk");
        assertThat(new String(Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(event.get("ContinuationSequenceNumber").asText())
                .isEqualTo(record.get("SequenceNumber").asText());
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void http2RequestsKeepTheBodyCap() {
        TestGateway gateway = FanOutClients.gateway();
        byte[] tooLarge = new byte[17 * 1024 * 1024];
        try (KinesisAsyncClient async = FanOutClients.async(gateway, true)) {
            assertThatThrownBy(() -> async.putRecord(b ->
                                    b.streamName("any").partitionKey("k").data(SdkBytes.fromByteArrayUnsafe(tooLarge)))
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(KinesisException.class)
                    .satisfies(
                            e -> assertThat(((KinesisException) e).statusCode()).isEqualTo(413));
        }
    }
}
