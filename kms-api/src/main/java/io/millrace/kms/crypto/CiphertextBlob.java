package io.millrace.kms.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The CiphertextBlob of Encrypt and GenerateDataKey, version 1:
 *
 * <pre>
 * byte     format version (1)
 * 16 bytes key id (the UUID's two longs, big-endian)
 * int      key material version (big-endian)
 * 12 bytes GCM IV
 * rest     AES-256-GCM ciphertext followed by its 16-byte tag
 * </pre>
 *
 * The first 21 bytes (the header) and the encryption context are the GCM associated data: a blob whose header
 * names another key or version, or that is decrypted with another context, fails the tag. As in AWS, the blob
 * names its key, so Decrypt needs no KeyId.
 */
public record CiphertextBlob(UUID keyId, int materialVersion, byte[] iv, byte[] sealed) {

    public static final byte FORMAT_VERSION = 1;
    public static final int HEADER_BYTES = 1 + 16 + 4;
    private static final int TAG_BYTES = Gcm.TAG_BITS / 8;

    public byte[] header() {
        return ByteBuffer.allocate(HEADER_BYTES)
                .put(FORMAT_VERSION)
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .putInt(materialVersion)
                .array();
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(HEADER_BYTES + iv.length + sealed.length)
                .put(header())
                .put(iv)
                .put(sealed)
                .array();
    }

    /** Empty when the bytes are not a blob of this format (too short, another format version). */
    public static Optional<CiphertextBlob> parse(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES + Gcm.IV_BYTES + TAG_BYTES || bytes[0] != FORMAT_VERSION) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, HEADER_BYTES - 1);
        UUID keyId = new UUID(buffer.getLong(), buffer.getLong());
        int materialVersion = buffer.getInt();
        byte[] iv = Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + Gcm.IV_BYTES);
        byte[] sealed = Arrays.copyOfRange(bytes, HEADER_BYTES + Gcm.IV_BYTES, bytes.length);
        return Optional.of(new CiphertextBlob(keyId, materialVersion, iv, sealed));
    }
}
