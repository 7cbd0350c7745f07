package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.http.EventStreamFrames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;

/** Our event-stream frames, decoded by the AWS SDK's own decoder (which checks both CRCs). */
class EventStreamFramesTest {

    @Test
    void theSdkDecodesHeadersAndPayload() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", "SubscribeToShardEvent");
        headers.put(":content-type", "application/x-amz-json-1.1");
        headers.put(":message-type", "event");
        byte[] payload = "{\"Records\":[],\"MillisBehindLatest\":0}".getBytes(StandardCharsets.UTF_8);

        Message message = Message.decode(ByteBuffer.wrap(EventStreamFrames.encode(headers, payload)));

        assertThat(message.getHeaders()).hasSize(3);
        assertThat(message.getHeaders().get(":event-type").getString()).isEqualTo("SubscribeToShardEvent");
        assertThat(message.getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(message.getPayload()).isEqualTo(payload);
    }

    @Test
    void aCorruptedFrameFailsItsChecksum() {
        byte[] frame = EventStreamFrames.encode(Map.of(":message-type", "event"), new byte[] {1, 2, 3});
        frame[frame.length - 6] ^= 0x01;
        assertThatThrownBy(() -> Message.decode(ByteBuffer.wrap(frame))).isInstanceOf(RuntimeException.class);
    }
}
