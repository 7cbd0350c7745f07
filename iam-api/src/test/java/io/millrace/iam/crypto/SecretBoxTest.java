package io.millrace.iam.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The IAM secret key: 32 bytes in base64, and AES-GCM that opens only what it sealed, with the same context. */
class SecretBoxTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void aKeyIsThirtyTwoBytesInBase64() {
        assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ=", "millrace.iam.secret-key"))
                .hasMessage("millrace.iam.secret-key must be 32 bytes in base64, found 5 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!", "millrace.iam.secret-key"))
                .hasMessage("millrace.iam.secret-key is not base64");
    }

    @Test
    void whatIsSealedOpensOnlyWithTheSameKeyPurposeAndContext() {
        SecretBox box = SecretBox.fromBase64(KEY, "key");
        byte[] secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8);
        byte[] context = "AKIAIOSFODNN7EXAMPLE".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = box.derive("secrets").seal(secret, context);
        assertThat(box.derive("secrets").open(sealed, context)).hasValue(secret);
        assertThat(box.derive("tokens").open(sealed, context)).isEmpty();
        assertThat(box.derive("secrets").open(sealed, "AKIAOTHEROTHEROTHER0".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(box.derive("secrets").seal(secret, context)).isNotEqualTo(sealed);
        assertThat(box.derive("secrets").open(new byte[5], context)).isEmpty();
    }
}
