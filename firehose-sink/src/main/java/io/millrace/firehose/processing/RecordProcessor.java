package io.millrace.firehose.processing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The data blob of a source record. Firehose data is opaque bytes (the Kinesis mapping stores the data blob as the
 * Kafka value), so a value that is not bytes cannot be delivered: it fails processing and goes to the error output
 * instead of being dropped or stopping the stream.
 */
public final class RecordProcessor {
    /** A record with no value (a Kafka tombstone) carries no data blob. */
    public static final String NULL_VALUE = "Millrace.NullRecordValue";
    /** The value was converted to something other than bytes or text (check value.converter). */
    public static final String UNSUPPORTED_VALUE = "Millrace.UnsupportedRecordValue";

    private RecordProcessor() {}

    /** The source bytes of a record as received, or null when it has none. */
    public static byte[] rawData(SinkRecord record) {
        Object value = record.value();
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }
}
