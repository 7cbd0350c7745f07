package io.millrace.analytics.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.model.sse.RecordEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What a sink writes without KMS at hand: plaintext into a stream that is not encrypted, and nothing into one that
 * is. Sealing itself, with GenerateDataKey as the job's role, is covered end to end by analytics-service's
 * JobWritesIT.
 */
class RecordSealerTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "plain".getBytes(StandardCharsets.UTF_8);

    @Test
    void recordsOfAStreamWithoutEncryptionAreWrittenAsTheyAre() {
        RecordSealer sealer = new RecordSealer("orders", Map.of(), null);

        ProducerRecord<byte[], byte[]> record = sealer.record("orders", 3, 1_000L, KEY, DATA, null);

        assertThat(record.topic()).isEqualTo("orders");
        assertThat(record.partition()).isEqualTo(3);
        assertThat(record.timestamp()).isEqualTo(1_000L);
        assertThat(record.key()).isEqualTo(KEY);
        assertThat(record.value()).isEqualTo(DATA);
        assertThat(record.headers().lastHeader(RecordEnvelope.HEADER)).isNull();
    }

    @Test
    void anEncryptedStreamWithoutAKmsEndpointIsRefusedRatherThanWrittenInPlaintext() {
        RecordSealer sealer = new RecordSealer("orders", Map.of(), null);

        assertThatThrownBy(() -> sealer.record("orders", 0, 1_000L, KEY, DATA, "alias/orders"))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("Stream orders is encrypted with KMS key alias/orders")
                .hasMessageContaining("sse.kms.endpoint");
    }
}
