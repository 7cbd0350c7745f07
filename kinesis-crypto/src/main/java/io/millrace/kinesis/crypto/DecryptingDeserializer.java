package io.millrace.kinesis.crypto;

import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The value deserializer for Kafka-native consumers of encrypted Kinesis streams: a record the gateway stored
 * encrypted (it carries the header {@value RecordEnvelope#HEADER}) comes out as the data that was put, others as
 * they are. It opens data keys with KMS Decrypt at {@link KinesisCryptoConfig#KMS_ENDPOINT}, once per data key and
 * period. Configure it with the consumer's properties:
 *
 * <pre>
 * value.deserializer=io.millrace.kinesis.crypto.DecryptingDeserializer
 * millrace.sse.kms.endpoint=http://127.0.0.1:4566
 * </pre>
 *
 * A record that fails to open (KMS refuses, the record was altered) fails the poll with a
 * {@link SerializationException} naming why.
 */
public final class DecryptingDeserializer implements Deserializer<byte[]> {

    /** Data keys held at once: one per stream and period a consumer reads. */
    private static final int MAX_KEYS = 1_000;

    private KmsApiKeys keys;
    private StreamCipher cipher;
    private AwsCredentialsProvider credentials;

    public DecryptingDeserializer() {}

    /**
     * Signing KMS calls with {@code credentials} unless the configuration names an access key id (instead of the
     * AWS SDK's default credentials).
     */
    public DecryptingDeserializer(AwsCredentialsProvider credentials) {
        this.credentials = credentials;
    }

    /** With a key service of the caller's, for readers that hold one already. */
    public DecryptingDeserializer(StreamCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (cipher != null) {
            return;
        }
        KinesisCryptoConfig config = new KinesisCryptoConfig(configs);
        keys = credentials == null ? KmsApiKeys.of(config) : KmsApiKeys.of(config, credentials);
        cipher = config.cipher(keys, MAX_KEYS);
    }

    /** Without headers nothing says whether the value is encrypted: it is returned as stored. */
    @Override
    public byte[] deserialize(String topic, byte[] data) {
        return data;
    }

    @Override
    public byte[] deserialize(String topic, Headers headers, byte[] data) {
        Header header = headers == null ? null : headers.lastHeader(RecordEnvelope.HEADER);
        if (header == null || data == null) {
            return data;
        }
        if (cipher == null) {
            throw new SerializationException("DecryptingDeserializer is not configured");
        }
        try {
            return cipher.open(topic, header.value(), data, 0, data.length);
        } catch (KeyException e) {
            throw new SerializationException("KMS refused the data key of an encrypted record of " + topic + " ("
                    + e.reason() + "): " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new SerializationException(
                    "An encrypted record of " + topic + " fails authentication: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
    }
}
