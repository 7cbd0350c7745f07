package io.millrace.firehose.encryption;

import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.SecretKey;
import org.apache.kafka.connect.errors.ConnectException;
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
        byte[] headerBytes = SealedRecords.header(deliveryStream, record, RecordCipher.HEADER);
        if (headerBytes == null) {
            return record;
        }
        byte[] sealed = (byte[]) record.value();
        int keyId;
        try {
            keyId = RecordCipher.keyId(headerBytes);
        } catch (GeneralSecurityException e) {
            throw new ConnectException("Delivery stream " + deliveryStream + ": record at "
                    + SealedRecords.position(record) + ": " + e.getMessage());
        }
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new UnknownDataKeyException(
                    "Delivery stream " + deliveryStream + ": record at " + SealedRecords.position(record)
                            + " is encrypted with data key " + keyId + ", which this task does not have");
        }
        try {
            byte[] data = RecordCipher.decrypt(key, keyId, deliveryStream, sealed);
            return SealedRecords.opened(record, data, RecordCipher.HEADER);
        } catch (GeneralSecurityException e) {
            throw new ConnectException(
                    "Delivery stream " + deliveryStream + ": record at " + SealedRecords.position(record)
                            + " fails authentication with data key " + keyId + " (altered, or not this stream's)");
        }
    }

    /** The record needs a data key the task does not have yet. */
    public static final class UnknownDataKeyException extends RuntimeException {
        UnknownDataKeyException(String message) {
            super(message, null, false, false);
        }
    }
}
