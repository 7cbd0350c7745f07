package io.millrace.iam.store;

import io.millrace.iam.crypto.SecretBox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Secret access keys at rest: sealed with AES-256-GCM under a key derived from the IAM secret key, with the access
 * key id as associated data, so that a sealed secret moved to another key's record does not open.
 */
public final class AccessKeySecrets {

    private final SecretBox box;

    public AccessKeySecrets(SecretBox iamSecretKey) {
        this.box = iamSecretKey.derive("millrace-iam/access-key-secret/v1");
    }

    public ByteBuffer seal(String accessKeyId, String secretAccessKey) {
        return ByteBuffer.wrap(box.seal(
                secretAccessKey.getBytes(StandardCharsets.UTF_8), accessKeyId.getBytes(StandardCharsets.UTF_8)));
    }

    /** The secret, or empty when it was sealed under another IAM secret key (the configured key changed). */
    public Optional<String> open(String accessKeyId, ByteBuffer sealed) {
        ByteBuffer copy = sealed.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return box.open(bytes, accessKeyId.getBytes(StandardCharsets.UTF_8))
                .map(plain -> new String(plain, StandardCharsets.UTF_8));
    }
}
