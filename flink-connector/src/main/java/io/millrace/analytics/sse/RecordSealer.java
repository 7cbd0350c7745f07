package io.millrace.analytics.sse;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.RoleCredentials;
import io.millrace.analytics.access.SharedClients;
import io.millrace.analytics.access.StreamAccessDeniedException;
import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import io.millrace.kinesis.crypto.KmsApiKeys;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a sink's Kafka records as the gateway's PutRecords stores them: plaintext into a stream without encryption,
 * and into a stream switched on with StartStreamEncryption the same envelope ({@link RecordEnvelope}: AES-256-GCM
 * under a data key from KMS GenerateDataKey on the stream's key, the wrapped data key in the header
 * {@value RecordEnvelope#HEADER}), so GetRecords, SubscribeToShard, the KCL, Firehose and Millrace's own sources open
 * them. As on AWS, where a producer into an encrypted stream needs {@code kms:GenerateDataKey} on its key ("Permissions
 * to use user-generated KMS keys", Kinesis developer guide), the data keys are asked of the KMS API with the job's
 * role credentials ({@link RoleCredentials}), or with the configuration's own key, or the SDK's default credentials
 * outside Millrace's application service; a refusal fails the write with the error PutRecords answers
 * ({@code KMSAccessDeniedException: User: ... is not authorized to perform: kms:GenerateDataKey ...}).
 *
 * <p>Data keys are cached as the gateway caches them ({@link StreamCipher}: one per topic and KMS key, renewed every
 * {@value KinesisCryptoConfig#DATA_KEY_PERIOD_MS} milliseconds, 5 minutes by default as the gateway's and AWS's), in
 * a cipher the task manager's sinks with the same KMS settings share, closed with the last of them
 * ({@link SharedClients}).
 */
public final class RecordSealer implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordSealer.class);
    /** Data keys one shared cipher holds: one per stream and KMS key the sinks of a task manager write. */
    private static final int MAX_KEYS = 1_000;

    private static final SharedClients<Settings, SharedCipher> CIPHERS = new SharedClients<>(SharedCipher::of);

    private final String stream;
    private final Map<String, String> kms;
    private final RoleAccess access;
    private transient SharedClients.Lease<SharedCipher> lease;
    private transient String sealingWith;

    /**
     * @param kms kinesis-crypto's keys ({@link KinesisCryptoConfig}): the KMS endpoint and, optionally, credentials
     *     of its own; empty when the job was given none (writing into an encrypted stream then fails)
     * @param access the job's role, whose credentials sign GenerateDataKey unless {@code kms} names a key; null
     *     outside Millrace's application service
     */
    public RecordSealer(String stream, Map<String, String> kms, RoleAccess access) {
        this.stream = stream;
        this.kms = Map.copyOf(kms);
        this.access = access;
    }

    /**
     * The Kafka record PutRecords would write: {@code data} as it is when {@code keyId} is null (the stream is not
     * encrypted), else sealed under a data key of {@code keyId}.
     *
     * @throws StreamAccessDeniedException when KMS refuses the data key (AWS's error type and message)
     */
    public ProducerRecord<byte[], byte[]> record(
            String topic, int shard, long timestamp, byte[] partitionKey, byte[] data, String keyId) {
        if (keyId == null) {
            return new ProducerRecord<>(topic, shard, timestamp, partitionKey, data);
        }
        StreamCipher.Sealed sealed;
        try {
            sealed = cipher(keyId).seal(keyId, topic, shard, partitionKey, data);
        } catch (KeyException e) {
            String type = e.reason().kinesisErrorType();
            if (type == null) {
                throw new FlinkRuntimeException("Cannot encrypt records for stream " + stream + " with KMS key " + keyId
                        + ": " + e.getMessage());
            }
            LOG.warn("Stream {}: KMS refused a data key, failing the job: {}: {}", stream, type, e.getMessage());
            throw new StreamAccessDeniedException(type, e.getMessage());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(RecordEnvelope.HEADER, sealed.header());
        return new ProducerRecord<>(topic, shard, timestamp, partitionKey, sealed.value(), headers);
    }

    private StreamCipher cipher(String keyId) {
        if (lease == null) {
            if (!kms.containsKey(KinesisCryptoConfig.KMS_ENDPOINT)) {
                throw new FlinkRuntimeException("Stream " + stream + " is encrypted with KMS key " + keyId
                        + " (StartStreamEncryption): its sink needs a KMS endpoint ('sse.kms.endpoint', or the"
                        + " session's 'millrace.sse.kms.endpoint') to encrypt records as PutRecords does");
            }
            lease = CIPHERS.acquire(new Settings(kms, access));
            SharedClients.releaseWhenUnreachable(this, lease);
        }
        if (!keyId.equals(sealingWith)) {
            LOG.info("Stream {}: records encrypted under KMS key {}", stream, keyId);
            sealingWith = keyId;
        }
        return lease.client().cipher();
    }

    /** What tells shared ciphers apart: the KMS settings and the role they act as. */
    private record Settings(Map<String, String> kms, RoleAccess access) {
        Settings {
            Objects.requireNonNull(kms, "kms");
        }
    }

    /** The KMS client and the data key cache over it. */
    private record SharedCipher(KmsApiKeys keys, StreamCipher cipher) implements AutoCloseable {

        static SharedCipher of(Settings settings) {
            KinesisCryptoConfig config = new KinesisCryptoConfig(settings.kms());
            KmsApiKeys keys = settings.access() == null
                    ? KmsApiKeys.of(config)
                    : KmsApiKeys.of(config, RoleCredentials.of(settings.access()));
            return new SharedCipher(keys, config.cipher(keys, MAX_KEYS));
        }

        @Override
        public void close() {
            keys.close();
        }
    }
}
