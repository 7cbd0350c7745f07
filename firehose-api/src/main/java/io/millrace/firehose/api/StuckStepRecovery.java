package io.millrace.firehose.api;

import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the asynchronous steps (CREATING, DELETING, encryption ENABLING or DISABLING) whose gateway died: a step
 * begun longer ago than {@code millrace.firehose.step-timeout-ms} is claimed with a compare-and-set on the
 * metadata version, so among several gateways exactly one resumes it, and then run again from the start: every part
 * of a step (create the topic, PUT the connector, delete them, write the outcome) is idempotent. A gateway checks at
 * start and every {@code millrace.firehose.recovery-interval-ms}.
 */
final class StuckStepRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(StuckStepRecovery.class);

    private final DeliveryStreamStore store;
    private final DeliveryStreamLifecycle lifecycle;
    private final long stepTimeoutMillis;

    StuckStepRecovery(DeliveryStreamStore store, DeliveryStreamLifecycle lifecycle, long stepTimeoutMillis) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.stepTimeoutMillis = stepTimeoutMillis;
    }

    /** One pass over every delivery stream; never throws, so a timer running it survives. */
    void run() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Looking for abandoned delivery stream steps failed: {}", e.toString());
        }
    }

    private void runOnce() {
        long now = System.currentTimeMillis();
        for (DeliveryStreamMetadata stream : List.copyOf(store.streams())) {
            if (!inStep(stream) || stream.getStepStartedAtMillis() > now - stepTimeoutMillis) {
                continue;
            }
            DeliveryStreamMetadata claimed = lifecycle
                    .ownStep(DeliveryStreamMetadata.newBuilder(stream).setVersion(stream.getVersion() + 1))
                    .build();
            try {
                store.write(claimed).join();
            } catch (RuntimeException e) {
                // Another gateway claimed it (or the stream changed): nothing to do here.
                continue;
            }
            LOG.info(
                    "Delivery stream {}: resuming {} begun by gateway {} at {}",
                    stream.getName(),
                    step(stream),
                    stream.getStepOwner(),
                    Instant.ofEpochMilli(stream.getStepStartedAtMillis()));
            resume(claimed);
        }
    }

    private void resume(DeliveryStreamMetadata claimed) {
        switch (claimed.getStatus()) {
            case CREATING -> lifecycle.activate(claimed);
            case DELETING -> lifecycle.retire(claimed);
            default -> lifecycle.finishEncryptionChange(claimed);
        }
    }

    static boolean inStep(DeliveryStreamMetadata stream) {
        return stream.getStatus() == DeliveryStreamStatus.CREATING
                || stream.getStatus() == DeliveryStreamStatus.DELETING
                || (stream.getStatus() == DeliveryStreamStatus.ACTIVE && encryptionChanging(stream.getEncryption()));
    }

    private static boolean encryptionChanging(DeliveryStreamEncryption encryption) {
        return encryption != null
                && (StreamEncryption.ENABLING.equals(encryption.getStatus())
                        || StreamEncryption.DISABLING.equals(encryption.getStatus()));
    }

    private static String step(DeliveryStreamMetadata stream) {
        return stream.getStatus() == DeliveryStreamStatus.ACTIVE
                ? "encryption " + stream.getEncryption().getStatus()
                : stream.getStatus().name();
    }
}
