package io.millrace.firehose.encryption;

import io.millrace.firehose.state.DeliveryHealth;
import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import io.millrace.kinesis.crypto.KmsApiKeys;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS a task opens envelope-encrypted records with ({@link EnvelopeOpener}): the {@link KinesisCryptoConfig}
 * keys in the connector's configuration (the Firehose API sets them from its own), or none. It also remembers
 * whether KMS is refusing, so that the task's delivery health reports the failure once and its end once.
 */
public final class SourceKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceKeys.class);
    /** Data keys held at once: a task reads one stream, whose writers change data key once per period. */
    private static final int MAX_KEYS = 1_000;

    private final KmsApiKeys keys;
    private final StreamCipher cipher;
    private boolean refusing;

    private SourceKeys(KmsApiKeys keys, StreamCipher cipher) {
        this.keys = keys;
        this.cipher = cipher;
    }

    /** From the connector's properties: without {@value KinesisCryptoConfig#KMS_ENDPOINT}, no KMS. */
    public static SourceKeys of(Map<String, String> props) {
        String endpoint = props.get(KinesisCryptoConfig.KMS_ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return new SourceKeys(null, null);
        }
        KinesisCryptoConfig config = new KinesisCryptoConfig(props);
        KmsApiKeys keys = KmsApiKeys.of(config);
        return new SourceKeys(keys, config.cipher(keys, MAX_KEYS));
    }

    /** Null without a KMS endpoint. */
    public StreamCipher cipher() {
        return cipher;
    }

    /** KMS refused a batch: reported once per outage. */
    public synchronized void refused(KmsRefusal refusal, DeliveryHealth health) {
        if (!refusing) {
            LOG.warn(
                    "Encrypted records cannot be opened ({}: {}); they stay in Kafka until KMS opens their data key",
                    refusal.failureType(),
                    refusal.getMessage());
        }
        refusing = true;
        health.failed(refusal);
    }

    /** A batch opened: ends an outage. @return whether one ended */
    public synchronized boolean opened(DeliveryHealth health) {
        if (!refusing) {
            return false;
        }
        refusing = false;
        LOG.info("Encrypted records open again: KMS gives their data keys");
        health.succeeded();
        return true;
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
    }
}
