package io.millrace.kms.api;

import io.millrace.kms.crypto.Gcm;
import io.millrace.kms.crypto.RootKey;
import io.millrace.kms.errors.KmsErrors;
import io.millrace.schemas.kms.KeyMaterialRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of a key's material, each wrapped by the root key: a new key has version 1, each rotation adds the
 * next and Encrypt uses the newest, while every older version stays to decrypt what it encrypted ("Rotating AWS KMS
 * keys": "KMS retains all key material for a KMS key, even if key rotation is enabled").
 */
public final class KeyMaterials {

    private static final Logger LOG = LoggerFactory.getLogger(KeyMaterials.class);

    /** AES-256. */
    static final int MATERIAL_BYTES = 32;

    private final RootKey root;

    public KeyMaterials(RootKey root) {
        this.root = root;
    }

    /** A new version of material for key {@code keyId}. */
    KeyMaterialRecord create(String keyId, int materialVersion, Instant now, boolean onDemand) {
        byte[] material = Gcm.randomBytes(MATERIAL_BYTES);
        return KeyMaterialRecord.newBuilder()
                .setMaterialVersion(materialVersion)
                .setWrapped(ByteBuffer.wrap(root.wrap(keyId, materialVersion, material)))
                .setCreatedAtMillis(now.toEpochMilli())
                .setOnDemand(onDemand)
                .build();
    }

    /** {@code key} with a new newest version of its material. */
    KmsKeyRecord rotated(KmsKeyRecord key, Instant now, boolean onDemand) {
        List<KeyMaterialRecord> materials = new ArrayList<>(key.getMaterials());
        materials.add(create(key.getKeyId(), newest(key).getMaterialVersion() + 1, now, onDemand));
        return KmsKeyRecord.newBuilder(key).setMaterials(materials).build();
    }

    static KeyMaterialRecord newest(KmsKeyRecord key) {
        return key.getMaterials().get(key.getMaterials().size() - 1);
    }

    /** The plaintext material of the newest version, and that version. */
    Unwrapped current(KmsKeyRecord key) {
        KeyMaterialRecord newest = newest(key);
        return new Unwrapped(newest.getMaterialVersion(), unwrap(key, newest));
    }

    /** The plaintext material of {@code materialVersion}; empty when the key has no such version. */
    Optional<byte[]> version(KmsKeyRecord key, int materialVersion) {
        return key.getMaterials().stream()
                .filter(material -> material.getMaterialVersion() == materialVersion)
                .findFirst()
                .map(material -> unwrap(key, material));
    }

    private byte[] unwrap(KmsKeyRecord key, KeyMaterialRecord material) {
        ByteBuffer wrapped = material.getWrapped().duplicate();
        byte[] bytes = new byte[wrapped.remaining()];
        wrapped.get(bytes);
        try {
            return root.unwrap(key.getKeyId(), material.getMaterialVersion(), bytes);
        } catch (IllegalStateException e) {
            // An operator's mistake (another root key on this gateway), not the caller's: one line, no trace.
            LOG.warn(e.getMessage());
            throw KmsErrors.internal("The key material of " + key.getArn() + " is unavailable on this endpoint.");
        }
    }

    record Unwrapped(int materialVersion, byte[] material) {}
}
