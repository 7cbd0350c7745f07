package io.millrace.firehose.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.model.sse.DataKey;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.KeyService;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class EnvelopeOpenerTest {

    /** A key service in memory whose key can be disabled, deleted or denied, as a KMS key can. */
    private static final class SwitchableKeys implements KeyService {
        KeyException.Reason refusing;

        @Override
        public String usableKeyArn(String keyId) throws KeyException {
            check();
            return "arn:aws:kms:us-east-1:000000000000:key/" + keyId;
        }

        @Override
        public DataKey generateDataKey(String keyId) throws KeyException {
            byte[] key = new byte[32];
            key[0] = 7;
            // "Wrapped" as itself: the opener treats the blob as opaque.
            return new DataKey(key, key.clone(), usableKeyArn(keyId));
        }

        @Override
        public byte[] decrypt(byte[] wrappedDataKey) throws KeyException {
            check();
            return wrappedDataKey.clone();
        }

        private void check() throws KeyException {
            if (refusing != null) {
                throw new KeyException(refusing, "the key refuses.");
            }
        }
    }

    private final SwitchableKeys keys = new SwitchableKeys();
    private final AtomicLong nanos = new AtomicLong();
    private final StreamCipher cipher = new StreamCipher(keys, Duration.ofSeconds(1), 10, nanos::get);
    private final EnvelopeOpener opener = new EnvelopeOpener("clicks-to-s3", cipher);

    @Test
    void anEnvelopeOpensToTheDataPutAndPlaintextPassesAsItIs() throws Exception {
        SinkRecord opened = opener.apply(sealed("clicks", 1, "user-1", "secret"));
        assertThat(new String((byte[]) opened.value(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(opened.headers().lastWithName(RecordEnvelope.HEADER)).isNull();

        SinkRecord plain =
                record("clicks", 1, "user-1", "before".getBytes(StandardCharsets.UTF_8), new ConnectHeaders());
        assertThat(opener.apply(plain)).isSameAs(plain);
    }

    @Test
    void anEnvelopeMovedToAnotherShardOrKeyFailsAuthentication() throws Exception {
        SinkRecord sealed = sealed("clicks", 1, "user-1", "secret");
        SinkRecord moved = record("clicks", 0, "user-1", (byte[]) sealed.value(), sealed.headers());
        assertThatThrownBy(() -> opener.apply(moved))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("clicks-0@");
        SinkRecord rekeyed = record("clicks", 1, "user-2", (byte[]) sealed.value(), sealed.headers());
        assertThatThrownBy(() -> opener.apply(rekeyed)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aRefusingKeyIsAKmsRefusalOfAwsFailureTypeOnceItsDataKeyIsNoLongerKept() throws Exception {
        SinkRecord sealed = sealed("clicks", 1, "user-1", "secret");
        opener.apply(sealed);
        keys.refusing = KeyException.Reason.DISABLED;
        // Within the period the data key already opened still serves.
        assertThat(opener.apply(sealed).value()).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> opener.apply(sealed))
                .isInstanceOfSatisfying(
                        KmsRefusal.class, e -> assertThat(e.failureType()).isEqualTo("DISABLED_KMS_KEY"));
        keys.refusing = KeyException.Reason.NOT_FOUND;
        assertThatThrownBy(() -> opener.apply(sealed))
                .isInstanceOfSatisfying(
                        KmsRefusal.class, e -> assertThat(e.failureType()).isEqualTo("KMS_KEY_NOT_FOUND"));
        keys.refusing = KeyException.Reason.ACCESS_DENIED;
        assertThatThrownBy(() -> opener.apply(sealed))
                .isInstanceOfSatisfying(
                        KmsRefusal.class, e -> assertThat(e.failureType()).isEqualTo("KMS_ACCESS_DENIED"));
        keys.refusing = null;
        assertThat(opener.apply(sealed).value()).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAKmsEndpointAnEnvelopeCannotBeOpened() throws Exception {
        SinkRecord sealed = sealed("clicks", 0, "user-1", "secret");
        assertThatThrownBy(() -> new EnvelopeOpener("clicks-to-s3", null).apply(sealed))
                .isInstanceOf(KmsRefusal.class)
                .hasMessageContaining("millrace.sse.kms.endpoint");
    }

    private SinkRecord sealed(String topic, int partition, String partitionKey, String data) throws Exception {
        byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
        StreamCipher.Sealed sealed = cipher.seal("k1", topic, partition, key, data.getBytes(StandardCharsets.UTF_8));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes(RecordEnvelope.HEADER, sealed.header());
        return record(topic, partition, partitionKey, sealed.value(), headers);
    }

    private static SinkRecord record(
            String topic, int partition, String partitionKey, byte[] value, Iterable<Header> headers) {
        return new SinkRecord(
                topic,
                partition,
                null,
                partitionKey.getBytes(StandardCharsets.UTF_8),
                null,
                value,
                42,
                0L,
                null,
                headers);
    }
}
