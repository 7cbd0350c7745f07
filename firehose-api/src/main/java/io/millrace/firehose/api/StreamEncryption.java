package io.millrace.firehose.api;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.encryption.DataKeys;
import io.millrace.firehose.encryption.KmsRefusal;
import io.millrace.firehose.encryption.RecordCipher;
import io.millrace.firehose.encryption.ServiceKey;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.model.sse.StreamCipher;
import io.millrace.schemas.firehose.DataKey;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import javax.crypto.SecretKey;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The gateway's side of server-side encryption: new data keys (wrapped by the service key for the metadata topic),
 * the data keys a connector needs, and the encryption of PutRecord(Batch) data while a stream's encryption is on.
 * AWS_OWNED_CMK records are sealed with the stream's stored data key ({@link RecordCipher}); CUSTOMER_MANAGED_CMK
 * records as KMS envelopes ({@link RecordEnvelope}) under data keys from GenerateDataKey with the customer's key,
 * one per stream and period, which connectors open with KMS Decrypt: the customer's key decides whether records
 * are written and delivered.
 */
final class StreamEncryption {

    /** Firehose records have no partition key: the envelope names an empty one, as the Kafka record has none. */
    private static final byte[] NO_PARTITION_KEY = new byte[0];
    /** Data keys held at once under customer managed keys: one per stream encrypted that way and period. */
    private static final int MAX_CUSTOMER_KEYS = 10_000;

    static final String ENABLING = "ENABLING";
    static final String ENABLED = "ENABLED";
    static final String ENABLING_FAILED = "ENABLING_FAILED";
    static final String DISABLING = "DISABLING";
    static final String DISABLED = "DISABLED";

    private final Optional<ServiceKey> serviceKey;
    private final CustomerKeys customerKeys;
    /** Unwrapped data keys by incarnation and id: unwrapping once per key, not once per record. */
    private final Map<String, SecretKey> cache = new ConcurrentHashMap<>();
    /** Data keys under customer managed keys, one per topic, key and period. */
    private final StreamCipher customerCipher;

    StreamEncryption(Optional<ServiceKey> serviceKey, CustomerKeys customerKeys, Duration dataKeyPeriod) {
        this.serviceKey = serviceKey;
        this.customerKeys = customerKeys;
        this.customerCipher =
                new StreamCipher(customerKeys.keyService(), dataKeyPeriod, MAX_CUSTOMER_KEYS, System::nanoTime);
    }

    /**
     * Refuses an input Firehose cannot encrypt with: the key it names, and the service key that wraps the data keys
     * (of either key type: records are sealed in Kafka with data keys under the service key).
     */
    void checkUsable(EncryptionInput input) {
        input.checkUsable(customerKeys);
        requireServiceKey();
    }

    /**
     * The KMS key the destination's objects ask SSE-KMS under (EncryptionConfiguration.KMSEncryptionConfig), checked
     * as a CUSTOMER_MANAGED_CMK is: one this KMS knows and can use, else InvalidKMSResourceException.
     */
    void checkDestinationKey(Map<String, String> connector) {
        String keyArn = connector.get(DestinationKeys.S3_KMS_KEY_ARN);
        if (keyArn != null) {
            customerKeys.whyUnusable(keyArn).ifPresent(why -> {
                throw FirehoseErrors.invalidKmsResource("Firehose cannot use the KMS key " + keyArn + ": " + why);
            });
        }
    }

    /** A fresh data key with the next id, wrapped for storage. */
    DataKey newDataKey(String deliveryStream, DeliveryStreamEncryption current) {
        int id = current == null
                ? 1
                : current.getKeys().stream().mapToInt(DataKey::getId).max().orElse(0) + 1;
        try {
            byte[] wrapped = requireServiceKey().wrap(DataKeys.generate(), deliveryStream, id);
            return DataKey.newBuilder()
                    .setId(id)
                    .setWrappedKey(ByteBuffer.wrap(wrapped))
                    .setCreatedAtMillis(System.currentTimeMillis())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    ServiceKey requireServiceKey() {
        return serviceKey.orElseThrow(() -> FirehoseErrors.invalidKmsResource("Firehose cannot use its AWS_OWNED_CMK:"
                + " this endpoint has no service key configured (millrace.firehose.encryption-service-key)."));
    }

    /** Every data key of the stream, unwrapped, for the connector's encryption.data.keys setting. */
    Map<Integer, byte[]> dataKeys(DeliveryStreamMetadata stream) throws GeneralSecurityException {
        Map<Integer, byte[]> keys = new LinkedHashMap<>();
        DeliveryStreamEncryption encryption = stream.getEncryption();
        if (encryption == null) {
            return keys;
        }
        for (DataKey key : encryption.getKeys()) {
            keys.put(key.getId(), unwrap(stream.getName(), key));
        }
        return keys;
    }

    /**
     * Whether PutRecord(Batch) encrypts: from ENABLED until DISABLED (AWS: records may still be while DISABLING),
     * and while a customer managed key that encrypted the stream refuses ({@link #keyRefused}): those puts fail
     * rather than store plaintext.
     */
    static boolean encrypts(DeliveryStreamMetadata stream) {
        DeliveryStreamEncryption encryption = stream.getEncryption();
        return encryption != null
                && !encryption.getKeys().isEmpty()
                && (ENABLED.equals(encryption.getStatus())
                        || DISABLING.equals(encryption.getStatus())
                        || keyRefused(encryption));
    }

    /** ENABLING_FAILED because the customer managed key refused a put, not because a Start failed. */
    static boolean keyRefused(DeliveryStreamEncryption encryption) {
        return ENABLING_FAILED.equals(encryption.getStatus())
                && EncryptionInput.CUSTOMER_MANAGED.equals(encryption.getKeyType())
                && encryption.getFailureDetails() != null
                && FailureDescription.parse(encryption.getFailureDetails()).isKms();
    }

    /**
     * The Kafka record of one put: the data as given, or sealed with the current data key plus its header.
     *
     * @param partition the partition a record sealed as a KMS envelope goes to (its shard in the envelope)
     * @throws KeyRefused when the stream's customer managed key refuses a data key
     */
    Sealed seal(DeliveryStreamMetadata stream, byte[] data, IntSupplier partition) {
        if (!encrypts(stream)) {
            return new Sealed(data, null, false, null);
        }
        DeliveryStreamEncryption encryption = stream.getEncryption();
        if (EncryptionInput.CUSTOMER_MANAGED.equals(encryption.getKeyType())) {
            return sealWithCustomerKey(stream.getSourceTopic(), encryption.getKeyArn(), data, partition.getAsInt());
        }
        List<DataKey> keys = stream.getEncryption().getKeys();
        DataKey current = keys.get(keys.size() - 1);
        try {
            SecretKey key = cache.computeIfAbsent(stream.getIncarnation() + "/" + current.getId(), ignored -> {
                try {
                    return DataKeys.key(unwrap(stream.getName(), current));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] sealed = RecordCipher.encrypt(key, current.getId(), stream.getName(), data);
            RecordHeaders headers = new RecordHeaders();
            headers.add(RecordCipher.HEADER, RecordCipher.header(current.getId()));
            return new Sealed(sealed, headers, true, null);
        } catch (GeneralSecurityException | IllegalStateException e) {
            // The stored key does not open with this gateway's service key: a configuration error, not the caller's.
            throw FirehoseErrors.invalidKmsResource("Firehose cannot use the data key of " + stream.getName()
                    + ": it does not unwrap with this gateway's service key.");
        }
    }

    private byte[] unwrap(String deliveryStream, DataKey key) throws GeneralSecurityException {
        ByteBuffer wrapped = key.getWrappedKey().duplicate();
        byte[] bytes = new byte[wrapped.remaining()];
        wrapped.get(bytes);
        return requireServiceKey().unwrap(bytes, deliveryStream, key.getId());
    }

    private Sealed sealWithCustomerKey(String topic, String keyArn, byte[] data, int partition) {
        try {
            StreamCipher.Sealed sealed = customerCipher.seal(keyArn, topic, partition, NO_PARTITION_KEY, data);
            RecordHeaders headers = new RecordHeaders();
            headers.add(RecordEnvelope.HEADER, sealed.header());
            return new Sealed(sealed.value(), headers, true, partition);
        } catch (KeyException e) {
            throw new KeyRefused(FailureDescription.of(
                    KmsRefusal.failureType(e.reason()),
                    "Firehose cannot use the KMS key " + keyArn + ": " + CustomerKeys.kmsErrorType(e.reason()) + ": "
                            + e.getMessage()));
        }
    }

    /**
     * What is written to Kafka for one record; {@code partition} null lets the producer choose (records without an
     * envelope, whose place is not authenticated).
     */
    record Sealed(byte[] value, Headers headers, boolean encrypted, Integer partition) {}

    /** The customer managed key refused: PutRecord(Batch) fails with InvalidKMSResourceException. */
    static final class KeyRefused extends RuntimeException {
        private final FailureDescription failure;

        KeyRefused(FailureDescription failure) {
            super(failure.details(), null, false, false);
            this.failure = failure;
        }

        FailureDescription failure() {
            return failure;
        }
    }
}
