package io.millrace.firehose.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Record encryption as the gateway writes it and the sink task reads it back. */
class RecordEncryptionTest {

    private static final byte[] KEY_1 = DataKeys.generate();
    private static final byte[] KEY_2 = DataKeys.generate();
    private static final Map<Integer, SecretKey> KEYS = DataKeys.parse(DataKeys.format(Map.of(1, KEY_1, 2, KEY_2)));

    @Test
    void anEncryptedRecordIsDecryptedWithTheKeyItNames() throws Exception {
        byte[] data = "secret payload".getBytes(StandardCharsets.UTF_8);
        SinkRecord sealed = record(RecordCipher.encrypt(DataKeys.key(KEY_2), 2, "orders", data), 2);
        assertThat(new String((byte[]) sealed.value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("secret");

        SinkRecord opened = new RecordDecryptor("orders", KEYS).apply(sealed);
        assertThat((byte[]) opened.value()).isEqualTo(data);
        assertThat(opened.kafkaOffset()).isEqualTo(sealed.kafkaOffset());
        assertThat(opened.timestamp()).isEqualTo(sealed.timestamp());
        assertThat(opened.headers().lastWithName(RecordCipher.HEADER)).isNull();
    }

    @Test
    void eachRecordHasItsOwnNonce() throws Exception {
        byte[] data = "same".getBytes(StandardCharsets.UTF_8);
        assertThat(RecordCipher.encrypt(DataKeys.key(KEY_1), 1, "s", data))
                .isNotEqualTo(RecordCipher.encrypt(DataKeys.key(KEY_1), 1, "s", data));
    }

    @Test
    void aRecordWithoutTheHeaderPassesUnchanged() {
        SinkRecord plain = new SinkRecord("t", 0, null, null, Schema.OPTIONAL_BYTES_SCHEMA, new byte[] {1, 2, 3}, 7);
        assertThat(new RecordDecryptor("orders", KEYS).apply(plain)).isSameAs(plain);
    }

    @Test
    void anUnknownKeyIsRetriableAndAlteredDataIsRefused() throws Exception {
        byte[] sealed = RecordCipher.encrypt(DataKeys.key(KEY_1), 1, "orders", new byte[] {42});
        assertThatThrownBy(() -> new RecordDecryptor("orders", Map.of()).apply(record(sealed, 1)))
                .isInstanceOf(RecordDecryptor.UnknownDataKeyException.class)
                .hasMessageContaining("data key 1");

        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> new RecordDecryptor("orders", KEYS).apply(record(altered, 1)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("fails authentication");
        // Copied into another stream's topic, or relabelled with another key id: refused too.
        assertThatThrownBy(() -> new RecordDecryptor("other", KEYS).apply(record(sealed, 1)))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new RecordDecryptor("orders", Map.of(2, DataKeys.key(KEY_1))).apply(record(sealed, 2)))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void theServiceKeyWrapsDataKeysForOneStreamAndId() throws Exception {
        ServiceKey service = ServiceKey.fromBase64(Base64.getEncoder().encodeToString(DataKeys.generate()));
        byte[] wrapped = service.wrap(KEY_1, "orders", 3);
        assertThat(Base64.getEncoder().encodeToString(wrapped))
                .doesNotContain(Base64.getEncoder().encodeToString(KEY_1));
        assertThat(service.unwrap(wrapped, "orders", 3)).isEqualTo(KEY_1);
        assertThatThrownBy(() -> service.unwrap(wrapped, "orders", 4)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> ServiceKey.fromBase64("c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void malformedKeySettingsNameNoKeyMaterial() {
        assertThatThrownBy(() -> DataKeys.parse("1:" + Base64.getEncoder().encodeToString(KEY_1) + ",2:AAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry number 2")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(KEY_1));
    }

    private static SinkRecord record(byte[] value, int keyId) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.add(RecordCipher.HEADER, RecordCipher.header(keyId), Schema.BYTES_SCHEMA);
        return new SinkRecord(
                "firehose-orders",
                0,
                null,
                null,
                Schema.OPTIONAL_BYTES_SCHEMA,
                value,
                11,
                1234L,
                TimestampType.CREATE_TIME,
                headers);
    }
}
