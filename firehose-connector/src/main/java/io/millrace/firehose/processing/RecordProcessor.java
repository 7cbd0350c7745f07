package io.millrace.firehose.processing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The built-in processing of a delivery stream. Firehose data is opaque bytes (the Kinesis mapping stores the data
 * blob as the Kafka value), so a value that is not bytes cannot be delivered: it fails processing and goes to the
 * error output instead of being dropped or stopping the stream.
 */
public final class RecordProcessor {
    /** A record with no value (a Kafka tombstone) carries no data blob. */
    public static final String NULL_VALUE = "Millrace.NullRecordValue";
    /** The value was converted to something other than bytes or text (check value.converter). */
    public static final String UNSUPPORTED_VALUE = "Millrace.UnsupportedRecordValue";

    private final byte[] delimiter;

    /** @param delimiter appended to every record (AppendDelimiterToRecord), or null for none */
    public RecordProcessor(String delimiter) {
        this.delimiter = delimiter == null ? null : delimiter.getBytes(StandardCharsets.UTF_8);
    }

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

    public ProcessingResult process(SinkRecord record) {
        if (record.value() == null) {
            return new ProcessingResult.Failed(NULL_VALUE, "The record has no value (a tombstone).");
        }
        byte[] data = rawData(record);
        if (data == null) {
            return new ProcessingResult.Failed(UNSUPPORTED_VALUE, "The record value is a "
                    + record.value().getClass().getSimpleName() + ", not bytes; use the ByteArrayConverter.");
        }
        if (delimiter == null) {
            return new ProcessingResult.Ok(data);
        }
        byte[] out = new byte[data.length + delimiter.length];
        System.arraycopy(data, 0, out, 0, data.length);
        System.arraycopy(delimiter, 0, out, data.length, delimiter.length);
        return new ProcessingResult.Ok(out);
    }
}
