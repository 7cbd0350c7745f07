package io.millrace.firehose.api;

import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encryption status of a CUSTOMER_MANAGED_CMK stream follows its key: a put the key refuses turns ENABLED into
 * ENABLING_FAILED with a FailureDescription of KMS's type (DISABLED_KMS_KEY, KMS_KEY_NOT_FOUND, ...), and the first
 * put the key accepts again turns it back to ENABLED. Only changes are written to the metadata topic, so every
 * gateway shows the same status; puts that find the status already right write nothing.
 */
final class CustomerKeyStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerKeyStatus.class);

    private final DeliveryStreamStore store;

    CustomerKeyStatus(DeliveryStreamStore store) {
        this.store = store;
    }

    void refused(DeliveryStreamMetadata stream, FailureDescription failure) {
        DeliveryStreamEncryption encryption = stream.getEncryption();
        if (StreamEncryption.keyRefused(encryption) && failure.stored().equals(encryption.getFailureDetails())) {
            return;
        }
        if (!StreamEncryption.ENABLED.equals(encryption.getStatus()) && !StreamEncryption.keyRefused(encryption)) {
            return;
        }
        LOG.warn("Delivery stream {}: encryption ENABLING_FAILED: {}", stream.getName(), failure.stored());
        change(stream, StreamEncryption.ENABLING_FAILED, failure.stored());
    }

    void accepted(DeliveryStreamMetadata stream) {
        if (stream.getEncryption() == null || !StreamEncryption.keyRefused(stream.getEncryption())) {
            return;
        }
        LOG.info("Delivery stream {}: encryption ENABLED again, its KMS key accepts puts", stream.getName());
        change(stream, StreamEncryption.ENABLED, null);
    }

    /** Unless a Start or Stop changed the encryption meanwhile (another key type or status). */
    private void change(DeliveryStreamMetadata seen, String status, String failureDetails) {
        String seenStatus = seen.getEncryption().getStatus();
        String seenKey = seen.getEncryption().getKeyArn();
        store.update(seen.getName(), seen.getIncarnation(), s -> {
            DeliveryStreamEncryption current = s.getEncryption();
            if (current == null
                    || !seenStatus.equals(current.getStatus())
                    || !Objects.equals(seenKey, current.getKeyArn())) {
                return null;
            }
            return DeliveryStreamMetadata.newBuilder(s)
                    .setEncryption(DeliveryStreamEncryption.newBuilder(current)
                            .setStatus(status)
                            .setFailureDetails(failureDetails)
                            .build())
                    .build();
        });
    }
}
