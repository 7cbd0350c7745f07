package io.millrace.kinesis.model.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamCipherTest {

    /** A key service in memory that counts its calls and can be switched off, as a KMS key can be disabled. */
    private static final class CountingKeys implements KeyService {
        int generated;
        int decrypted;
        boolean disabled;

        @Override
        public String usableKeyArn(String keyId) throws KeyException {
            check();
            return "arn:aws:kms:us-east-1:000000000000:key/" + keyId;
        }

        @Override
        public DataKey generateDataKey(String keyId) throws KeyException {
            check();
            generated++;
            byte[] key = new byte[32];
            key[0] = (byte) generated;
            // "Wrapped" as itself: the cipher under test treats the blob as opaque.
            return new DataKey(key, key.clone(), usableKeyArn(keyId));
        }

        @Override
        public byte[] decrypt(byte[] wrappedDataKey) throws KeyException {
            check();
            decrypted++;
            return wrappedDataKey.clone();
        }

        private void check() throws KeyException {
            if (disabled) {
                throw new KeyException(KeyException.Reason.DISABLED, "key is disabled.");
            }
        }
    }

    private final CountingKeys keys = new CountingKeys();
    private final AtomicLong nanos = new AtomicLong();
    private final StreamCipher cipher = new StreamCipher(keys, Duration.ofSeconds(300), 100, nanos::get);

    @Test
    void oneDataKeyServesAStreamForAPeriodAndOneUnwrapServesItsReaders() throws Exception {
        byte[] pk = "pk".getBytes(StandardCharsets.UTF_8);
        StreamCipher.Sealed first = cipher.seal("k1", "orders", 0, pk, "a".getBytes(StandardCharsets.UTF_8));
        StreamCipher.Sealed second = cipher.seal("k1", "orders", 0, pk, "b".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.generated).isEqualTo(1);
        assertThat(open(first)).isEqualTo("a");
        assertThat(open(second)).isEqualTo("b");
        assertThat(keys.decrypted).isEqualTo(1);

        cipher.seal("k1", "payments", 0, pk, new byte[] {1});
        assertThat(keys.generated).as("another stream has its own data key").isEqualTo(2);

        nanos.addAndGet(Duration.ofSeconds(301).toNanos());
        StreamCipher.Sealed third = cipher.seal("k1", "orders", 0, pk, "c".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.generated).as("a new period, a new data key").isEqualTo(3);
        assertThat(open(third)).isEqualTo("c");
        assertThat(open(first)).as("old records still open").isEqualTo("a");
    }

    @Test
    void aDisabledKeyStopsWritesAndReadsOnceThePeriodIsOverAndTheyResumeWhenEnabled() throws Exception {
        byte[] pk = "pk".getBytes(StandardCharsets.UTF_8);
        StreamCipher.Sealed sealed = cipher.seal("k1", "orders", 0, pk, "a".getBytes(StandardCharsets.UTF_8));
        open(sealed);
        keys.disabled = true;
        nanos.addAndGet(Duration.ofSeconds(301).toNanos());
        assertThatThrownBy(() -> cipher.seal("k1", "orders", 0, pk, new byte[] {1}))
                .isInstanceOfSatisfying(
                        KeyException.class, e -> assertThat(e.reason()).isEqualTo(KeyException.Reason.DISABLED));
        assertThatThrownBy(() -> open(sealed)).isInstanceOf(KeyException.class);
        keys.disabled = false;
        assertThat(open(sealed)).isEqualTo("a");
    }

    private String open(StreamCipher.Sealed sealed) throws Exception {
        return new String(
                cipher.open("orders", sealed.header(), sealed.value(), 0, sealed.value().length),
                StandardCharsets.UTF_8);
    }
}
