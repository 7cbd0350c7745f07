package io.millrace.lambda.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.kinesis.model.ShardId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One shard's open tumbling window (TumblingWindowInSeconds), as Lambda's developer guide describes them for
 * Kinesis ("Using tumbling windows"): windows are fixed intervals of the records' arrival times; each invocation's
 * event carries {@code window} (start, end), the {@code state} the function returned last in the window ({@code {}}
 * at first), {@code shardId}, {@code eventSourceARN}, {@code isFinalInvokeForWindow} and
 * {@code isWindowTerminatedEarly}; once the window is over a last invocation without records and with
 * {@code isFinalInvokeForWindow: true} hands over the final state, which is then dropped. A state past 1 MB ends the
 * window early. The window's records are checkpointed only after that final invocation, so a restart within a
 * window runs it again from its start with an empty state instead of losing what the state held.
 */
final class TumblingWindow {

    /** Lambda's limit on the state of a shard's window. */
    static final int MAX_STATE_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long startMillis;
    private final long endMillis;
    private JsonNode state = JSON.createObjectNode();
    private long pendingOffset = -1;
    private boolean terminatedEarly;

    private TumblingWindow(long startMillis, long endMillis) {
        this.startMillis = startMillis;
        this.endMillis = endMillis;
    }

    /** The window of {@code seconds} that holds a record that arrived at {@code arrivalMillis}. */
    static TumblingWindow of(long arrivalMillis, int seconds) {
        long length = seconds * 1000L;
        long start = Math.floorDiv(arrivalMillis, length) * length;
        return new TumblingWindow(start, start + length);
    }

    long endMillis() {
        return endMillis;
    }

    boolean terminatedEarly() {
        return terminatedEarly;
    }

    /** The checkpoint the window's settled records reached; committed once the window is finished. */
    void defer(long nextOffset) {
        pendingOffset = nextOffset;
    }

    /** The checkpoint to commit once the final invocation is done, or -1 when the window settled no record. */
    long pendingOffset() {
        return pendingOffset;
    }

    /** Keeps the state of a successful invocation's response ({@code {"state": {...}}}). */
    void absorb(byte[] response) {
        JsonNode returned = null;
        try {
            JsonNode body = response == null || response.length == 0 ? null : JSON.readTree(response);
            returned = body == null ? null : body.get("state");
        } catch (IOException e) {
            // A response that is not JSON returns no state.
        }
        state = returned != null && returned.isObject() ? returned : JSON.createObjectNode();
        if (returned != null && returned.toString().length() > MAX_STATE_BYTES) {
            terminatedEarly = true;
        }
    }

    byte[] event(KinesisEvents.Source source, List<ConsumerRecord<byte[], byte[]>> records, boolean last) {
        ObjectNode event = KinesisEvents.eventNode(source, records);
        ObjectNode window = event.putObject("window");
        window.put("start", Instant.ofEpochMilli(startMillis).toString());
        window.put("end", Instant.ofEpochMilli(endMillis).toString());
        event.set("state", state);
        event.put("shardId", ShardId.format(source.shardIndex()));
        event.put("eventSourceARN", source.streamArn());
        event.put("isFinalInvokeForWindow", last);
        event.put("isWindowTerminatedEarly", last && terminatedEarly);
        return KinesisEvents.bytes(event);
    }
}
