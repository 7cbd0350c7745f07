package io.millrace.firehose.encryption;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/** What both kinds of encrypted records share on the way in: the header naming how, and the record once opened. */
final class SealedRecords {

    private SealedRecords() {}

    /**
     * The value of header {@code name}, or null when the record has none (it is plaintext).
     *
     * @throws ConnectException when the header or the value is not raw bytes
     */
    static byte[] header(String deliveryStream, SinkRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        if (header == null) {
            return null;
        }
        if (!(header.value() instanceof byte[] headerBytes) || !(record.value() instanceof byte[])) {
            throw new ConnectException("Delivery stream " + deliveryStream + ": encrypted record at "
                    + position(record) + " is not raw bytes; the connector needs ByteArrayConverter as value and"
                    + " header converter");
        }
        return headerBytes;
    }

    /** The record with its opened value, without the header that said it was sealed. */
    static SinkRecord opened(SinkRecord record, byte[] data, String header) {
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                data,
                record.timestamp(),
                record.headers().duplicate().remove(header));
    }

    static String position(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }
}
