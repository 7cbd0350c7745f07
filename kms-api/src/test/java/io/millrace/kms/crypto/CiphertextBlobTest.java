package io.millrace.kms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ciphertext format: what it names, and that any change to it, its context or its key fails to decrypt. */
class CiphertextBlobTest {

    private static final UUID KEY = UUID.fromString("1234abcd-12ab-34cd-56ef-1234567890ab");
    private static final byte[] MATERIAL = Gcm.randomBytes(32);
    private static final byte[] PLAINTEXT = "the secret".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CONTEXT = Map.of("stream", "orders", "purpose", "test");

    @Test
    void aBlobNamesItsKeyAndVersionAndDecryptsWithItsContext() {
        byte[] bytes = Envelope.encrypt(KEY, 3, MATERIAL, PLAINTEXT, CONTEXT);

        CiphertextBlob blob = CiphertextBlob.parse(bytes).orElseThrow();
        assertThat(bytes[0]).isEqualTo(CiphertextBlob.FORMAT_VERSION);
        assertThat(blob.keyId()).isEqualTo(KEY);
        assertThat(blob.materialVersion()).isEqualTo(3);
        assertThat(blob.iv()).hasSize(Gcm.IV_BYTES);
        // Header, IV, ciphertext as long as the plaintext, 16-byte tag.
        assertThat(bytes).hasSize(CiphertextBlob.HEADER_BYTES + 12 + PLAINTEXT.length + 16);
        assertThat(Envelope.decrypt(blob, MATERIAL, CONTEXT)).hasValue(PLAINTEXT);
    }

    @Test
    void theContextIsBoundWhateverTheOrderOfItsPairs() {
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("purpose", "test");
        reversed.put("stream", "orders");
        CiphertextBlob blob = CiphertextBlob.parse(Envelope.encrypt(KEY, 1, MATERIAL, PLAINTEXT, CONTEXT))
                .orElseThrow();

        assertThat(Envelope.decrypt(blob, MATERIAL, reversed)).hasValue(PLAINTEXT);
        assertThat(Envelope.decrypt(blob, MATERIAL, Map.of())).isEmpty();
        assertThat(Envelope.decrypt(blob, MATERIAL, Map.of("stream", "orders"))).isEmpty();
        assertThat(Envelope.decrypt(blob, MATERIAL, Map.of("stream", "orders", "purpose", "other")))
                .isEmpty();
        // Length prefixes: moving characters between a key and its value is another context.
        assertThat(Envelope.decrypt(blob, MATERIAL, Map.of("streamo", "rders", "purpose", "test")))
                .isEmpty();
    }

    @Test
    void changingAnyByteFailsTheTag() {
        byte[] bytes = Envelope.encrypt(KEY, 1, MATERIAL, PLAINTEXT, CONTEXT);
        // Every byte after the format version: the key id and version are bound as associated data too.
        for (int i = 1; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            CiphertextBlob blob = CiphertextBlob.parse(tampered).orElseThrow();
            assertThat(Envelope.decrypt(blob, MATERIAL, CONTEXT))
                    .as("byte %d flipped", i)
                    .isEmpty();
        }
    }

    @Test
    void anotherVersionsMaterialDoesNotDecrypt() {
        byte[] rotated = Gcm.randomBytes(32);
        CiphertextBlob old = CiphertextBlob.parse(Envelope.encrypt(KEY, 1, MATERIAL, PLAINTEXT, Map.of()))
                .orElseThrow();
        CiphertextBlob current = CiphertextBlob.parse(Envelope.encrypt(KEY, 2, rotated, PLAINTEXT, Map.of()))
                .orElseThrow();

        assertThat(Envelope.decrypt(old, rotated, Map.of())).isEmpty();
        assertThat(Envelope.decrypt(old, MATERIAL, Map.of())).hasValue(PLAINTEXT);
        assertThat(Envelope.decrypt(current, rotated, Map.of())).hasValue(PLAINTEXT);
    }

    @Test
    void bytesNotOfThisFormatAreNoBlob() {
        byte[] bytes = Envelope.encrypt(KEY, 1, MATERIAL, PLAINTEXT, Map.of());
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 2;

        assertThat(CiphertextBlob.parse(otherFormat)).isEmpty();
        assertThat(CiphertextBlob.parse(new byte[CiphertextBlob.HEADER_BYTES + 12 + 15]))
                .isEmpty();
        assertThat(CiphertextBlob.parse(new byte[0])).isEmpty();
    }

    @Test
    void wrappedMaterialUnwrapsOnlyForItsKeyAndVersionUnderItsRootKey() {
        RootKey root = RootKey.fromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "test.key");
        RootKey other = RootKey.fromBase64("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=", "test.key");
        byte[] wrapped = root.wrap(KEY.toString(), 1, MATERIAL);

        assertThat(root.unwrap(KEY.toString(), 1, wrapped)).isEqualTo(MATERIAL);
        assertThat(new String(wrapped, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(MATERIAL, StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> root.unwrap(KEY.toString(), 2, wrapped)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> root.unwrap(UUID.randomUUID().toString(), 1, wrapped))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> other.unwrap(KEY.toString(), 1, wrapped))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("millrace.kms.root-key");
    }

    @Test
    void aRootKeyIsBase64Of32Bytes() {
        assertThatThrownBy(() -> RootKey.fromBase64("c2hvcnQ=", "millrace.kms.root-key"))
                .hasMessageContaining("millrace.kms.root-key must be base64 of 32 bytes");
        assertThatThrownBy(() -> RootKey.fromBase64("not base64!", "millrace.kms.root-key"))
                .hasMessageContaining("is not base64");
    }
}
