package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedView;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Metadata written by a gateway of an earlier version stays readable after an upgrade. */
class DeliveryStreamHistoryTest {

    @Test
    void aRecordOfTheFirstSchemaIsReadWithTheNewFieldsDefaults() throws Exception {
        Schema first;
        try (InputStream in =
                DeliveryStreamMetadata.class.getResourceAsStream("history/DeliveryStreamMetadata-1.avsc")) {
            first = new Schema.Parser().parse(in);
        }
        assertThat(first.getField("encryption")).isNull();
        GenericRecord old = new GenericData.Record(first);
        old.put("name", "legacy");
        old.put("incarnation", "i-1");
        old.put("version", 4L);
        old.put("status", new GenericData.EnumSymbol(first.getField("status").schema(), "ACTIVE"));
        old.put("deliveryStreamType", "DirectPut");
        old.put("versionId", 2L);
        old.put("sourceTopic", "firehose-legacy");
        old.put("connectorName", "firehose-legacy");
        old.put("request", "{}");
        old.put("createdAtMillis", 1L);
        old.put("updatedAtMillis", 2L);
        old.put("tags", Map.of("team", "data"));
        old.put("failureDetails", null);
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), first).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        VersionedView<DeliveryStreamMetadata> log = new VersionedView<>(DeliveryStreamStore.FORMAT);
        assertThat(log.apply("deliverystream/legacy", bytes, null)).isTrue();
        DeliveryStreamMetadata read = log.get("deliverystream/legacy").orElseThrow();
        assertThat(read.getVersion()).isEqualTo(4);
        assertThat(read.getTags()).containsEntry("team", "data");
        assertThat(read.getEncryption()).isNull();
        assertThat(read.getStepOwner()).isNull();
        assertThat(read.getStepStartedAtMillis()).isZero();
    }
}
