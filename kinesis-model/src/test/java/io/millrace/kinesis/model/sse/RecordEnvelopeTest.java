package io.millrace.kinesis.model.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RecordEnvelopeTest {

    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");
    private static final byte[] WRAPPED = "wrapped-data-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PK = "customer-42".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedRecordOpensWithItsTopicAndHeaderAndHidesItsData() throws Exception {
        byte[] header = RecordEnvelope.header(3, PK, WRAPPED);
        byte[] data = "card 4111 1111".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = RecordEnvelope.seal(KEY, "orders", header, data);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("4111");
        assertThat(RecordEnvelope.open(KEY, "orders", header, sealed, 0, sealed.length))
                .isEqualTo(data);
        RecordEnvelope.Parsed parsed = RecordEnvelope.parse(header);
        assertThat(parsed.shard()).isEqualTo(3);
        assertThat(parsed.partitionKey()).isEqualTo(PK);
        assertThat(parsed.wrappedKey()).isEqualTo(WRAPPED);
    }

    @Test
    void aRecordMovedToAnotherTopicShardOrPartitionKeyFailsToOpen() throws Exception {
        byte[] header = RecordEnvelope.header(3, PK, WRAPPED);
        byte[] sealed = RecordEnvelope.seal(KEY, "orders", header, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> RecordEnvelope.open(KEY, "payments", header, sealed, 0, sealed.length))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] otherShard = RecordEnvelope.header(4, PK, WRAPPED);
        assertThatThrownBy(() -> RecordEnvelope.open(KEY, "orders", otherShard, sealed, 0, sealed.length))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] otherKey = RecordEnvelope.header(3, "customer-43".getBytes(StandardCharsets.UTF_8), WRAPPED);
        assertThatThrownBy(() -> RecordEnvelope.open(KEY, "orders", otherKey, sealed, 0, sealed.length))
                .isInstanceOf(GeneralSecurityException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> RecordEnvelope.open(KEY, "orders", header, sealed, 0, sealed.length))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aHeaderOfAnotherFormatOrTruncatedIsRefused() {
        byte[] header = RecordEnvelope.header(0, PK, WRAPPED);
        byte[] truncated = java.util.Arrays.copyOf(header, header.length - 1);
        assertThatThrownBy(() -> RecordEnvelope.parse(truncated)).isInstanceOf(GeneralSecurityException.class);
        header[0] = 2;
        assertThatThrownBy(() -> RecordEnvelope.parse(header))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("unknown record encryption format");
    }
}
