package io.millrace.kinesis.model.sse;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * How an encrypted Kinesis record sits in its Kafka topic. The value is {@code nonce (12 bytes) || AES-256-GCM
 * ciphertext || tag (16 bytes)}; the Kafka header {@value #HEADER} holds what a reader needs to open it:
 *
 * <pre>
 * byte     format version (1)
 * int      shard index (the Kafka partition the record was written to)
 * short    length of the partition key, then its UTF-8 bytes
 * short    length of the wrapped data key, then the KMS CiphertextBlob of the data key
 * </pre>
 *
 * The associated data is the topic and the whole header: a record moved to another topic or shard, given another
 * partition key or data key, fails to open. The header carries the partition key and shard (which the Kafka record
 * has too) so that a Kafka {@code Deserializer}, which sees only topic, headers and value, can check them; readers
 * that see the whole record also compare them with the record's own partition and key. Records without the header
 * were written before encryption started (or after it stopped) and are plaintext.
 */
public final class RecordEnvelope {

    public static final String HEADER = "millrace.kinesis.sse";

    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD_PREFIX = "millrace-kinesis-sse/v1\0".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    });

    private RecordEnvelope() {}

    /** The header fields. */
    public record Parsed(int shard, byte[] partitionKey, byte[] wrappedKey) {}

    public static byte[] header(int shard, byte[] partitionKey, byte[] wrappedKey) {
        return ByteBuffer.allocate(1 + 4 + 2 + partitionKey.length + 2 + wrappedKey.length)
                .put(FORMAT_V1)
                .putInt(shard)
                .putShort((short) partitionKey.length)
                .put(partitionKey)
                .putShort((short) wrappedKey.length)
                .put(wrappedKey)
                .array();
    }

    public static Parsed parse(byte[] header) throws GeneralSecurityException {
        if (header == null || header.length < 1 || header[0] != FORMAT_V1) {
            throw new GeneralSecurityException("unknown record encryption format");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(header, 1, header.length - 1);
            int shard = in.getInt();
            byte[] partitionKey = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(partitionKey);
            byte[] wrapped = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(wrapped);
            if (in.hasRemaining()) {
                throw new GeneralSecurityException("malformed record encryption header");
            }
            return new Parsed(shard, partitionKey, wrapped);
        } catch (BufferUnderflowException e) {
            throw new GeneralSecurityException("truncated record encryption header");
        }
    }

    public static byte[] seal(SecretKey key, String topic, byte[] header, byte[] data) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        associate(cipher, topic, header);
        byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(data.length)];
        System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
        cipher.doFinal(data, 0, data.length, sealed, NONCE_BYTES);
        return sealed;
    }

    public static byte[] open(SecretKey key, String topic, byte[] header, byte[] sealed, int offset, int length)
            throws GeneralSecurityException {
        if (length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("encrypted record too short");
        }
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES));
        associate(cipher, topic, header);
        return cipher.doFinal(sealed, offset + NONCE_BYTES, length - NONCE_BYTES);
    }

    private static void associate(Cipher cipher, String topic, byte[] header) {
        cipher.updateAAD(AAD_PREFIX);
        cipher.updateAAD(topic.getBytes(StandardCharsets.UTF_8));
        cipher.updateAAD(new byte[] {0});
        cipher.updateAAD(header);
    }
}
