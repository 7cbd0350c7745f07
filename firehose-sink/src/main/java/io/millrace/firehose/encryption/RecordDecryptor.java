package io.millrace.firehose.encryption;

import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.SecretKey;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns an encrypted DirectPut record back into the data the producer put, before the delivery engine sees it;
 * records without the {@link RecordCipher#HEADER} header pass unchanged. Destinations receive plaintext, as with
 * AWS, whose server-side encryption covers the data at rest inside the delivery stream only.
 */
public final class RecordDecryptor {

    private final String deliveryStream;
    private final Map<Integer, SecretKey> keys;

    public RecordDecryptor(String deliveryStream, Map<Integer, SecretKey> keys) {
        this.deliveryStream = deliveryStream;
        this.keys = keys;
    }

    /**
     * @throws UnknownDataKeyException when the record names a key this task was not given (yet: Connect restarts
     *     tasks with the new key shortly after the gateway adds it, so the caller should retry)
     * @throws ConnectException when the record cannot be authenticated: it was altered, or the key is wrong
     */
    public SinkRecord apply(SinkRecord record) {
        Header header = record.headers().lastWithName(RecordCipher.HEADER);
        if (header == null) {
            return record;
        }
        if (!(header.value() instanceof byte[] headerBytes) || !(record.value() instanceof byte[] sealed)) {
            throw new ConnectException("Delivery stream " + deliveryStream + ": encrypted record at "
                    + position(record) + " is not raw bytes; the connector needs ByteArrayConverter as value and"
                    + " header converter");
        }
        int keyId;
        try {
            keyId = RecordCipher.keyId(headerBytes);
        } catch (GeneralSecurityException e) {
            throw new ConnectException(
                    "Delivery stream " + deliveryStream + ": record at " + position(record) + ": " + e.getMessage());
        }
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new UnknownDataKeyException("Delivery stream " + deliveryStream + ": record at " + position(record)
                    + " is encrypted with data key " + keyId + ", which this task does not have");
        }
        try {
            byte[] data = RecordCipher.decrypt(key, keyId, deliveryStream, sealed);
            return record.newRecord(
                    record.topic(),
                    record.kafkaPartition(),
                    record.keySchema(),
                    record.key(),
                    record.valueSchema(),
                    data,
                    record.timestamp(),
                    record.headers().duplicate().remove(RecordCipher.HEADER));
        } catch (GeneralSecurityException e) {
            throw new ConnectException("Delivery stream " + deliveryStream + ": record at " + position(record)
                    + " fails authentication with data key " + keyId + " (altered, or not this stream's)");
        }
    }

    private static String position(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    /** The record needs a data key the task does not have yet. */
    public static final class UnknownDataKeyException extends RuntimeException {
        UnknownDataKeyException(String message) {
            super(message, null, false, false);
        }
    }
}
