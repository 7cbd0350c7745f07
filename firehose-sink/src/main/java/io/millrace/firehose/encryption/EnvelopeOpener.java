package io.millrace.firehose.encryption;

import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Opens records stored as KMS envelopes ({@link RecordEnvelope}, header {@value RecordEnvelope#HEADER}): those of a
 * Kinesis stream encrypted with StartStreamEncryption, and those of a DirectPut stream encrypted with a
 * CUSTOMER_MANAGED_CMK. Their data keys are opened with KMS Decrypt and kept for a period ({@link StreamCipher}), as
 * the Flink connector and the Kafka Deserializer do; records without the header (written before encryption started)
 * pass unchanged. Destinations receive the data as it was put, as with AWS.
 */
public final class EnvelopeOpener {

    private final String deliveryStream;
    /** Null when the connector was given no KMS endpoint: an envelope then cannot be opened. */
    private final StreamCipher cipher;

    public EnvelopeOpener(String deliveryStream, StreamCipher cipher) {
        this.deliveryStream = deliveryStream;
        this.cipher = cipher;
    }

    /**
     * @throws KmsRefusal when KMS does not open the record's data key: the caller keeps the record and retries
     * @throws ConnectException when the record does not authenticate (altered, or moved from another topic, shard
     *     or partition key)
     */
    public SinkRecord apply(SinkRecord record) {
        byte[] headerBytes = SealedRecords.header(deliveryStream, record, RecordEnvelope.HEADER);
        if (headerBytes == null) {
            return record;
        }
        byte[] sealed = (byte[]) record.value();
        if (cipher == null) {
            throw new KmsRefusal(
                    KeyException.Reason.UNAVAILABLE,
                    "the record at " + SealedRecords.position(record)
                            + " is encrypted with KMS and the connector has no KMS"
                            + " endpoint (millrace.sse.kms.endpoint)");
        }
        try {
            checkPlace(record, RecordEnvelope.parse(headerBytes));
            byte[] data = cipher.open(record.topic(), headerBytes, sealed, 0, sealed.length);
            return SealedRecords.opened(record, data, RecordEnvelope.HEADER);
        } catch (KeyException e) {
            throw new KmsRefusal(e.reason(), e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConnectException("Delivery stream " + deliveryStream + ": encrypted record at "
                    + SealedRecords.position(record) + " fails authentication: " + e.getMessage());
        }
    }

    /** The header names the shard and partition key the record was sealed for: they must be this record's. */
    private static void checkPlace(SinkRecord record, RecordEnvelope.Parsed parsed) throws GeneralSecurityException {
        byte[] key = record.key() instanceof byte[] bytes ? bytes : new byte[0];
        if (record.kafkaPartition() == null
                || parsed.shard() != record.kafkaPartition()
                || !Arrays.equals(parsed.partitionKey(), key)) {
            throw new GeneralSecurityException("it was sealed for another shard or partition key");
        }
    }
}
