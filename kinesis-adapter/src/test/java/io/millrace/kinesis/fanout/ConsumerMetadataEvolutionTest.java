package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedView;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Stream records written before consumers existed stay readable; consumers survive a round trip. */
class ConsumerMetadataEvolutionTest {

    @Test
    void aRecordOfThePreviousSchemaReadsWithNoConsumers() throws Exception {
        Schema previous;
        try (InputStream in = StreamMetadata.class.getResourceAsStream("history/StreamMetadata-1.avsc")) {
            previous = new Schema.Parser().parse(in);
        }
        assertThat(previous.getField("consumers")).isNull();
        GenericRecord old = new GenericData.Record(previous);
        old.put("name", "legacy");
        old.put("incarnation", "i-1");
        old.put("version", 3L);
        old.put("status", new GenericData.EnumSymbol(previous.getField("status").schema(), "ACTIVE"));
        old.put("mode", new GenericData.EnumSymbol(previous.getField("mode").schema(), "PROVISIONED"));
        old.put("topic", "legacy");
        old.put("createdAtMillis", 1000L);
        old.put("retentionHours", 24);
        old.put("maxRecordSizeKiB", 1024);
        old.put("encryptionType", "NONE");
        old.put("shardLevelMetrics", List.of());
        old.put("tags", Map.of());
        old.put("shards", List.of());
        old.put("updatedAtMillis", 1000L);
        old.put("shardCountUpdatesMillis", List.of());
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), previous).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        VersionedView<StreamMetadata> log = new VersionedView<>(MetadataStore.STREAMS);
        assertThat(log.apply("stream/legacy", bytes, new RecordHeaders())).isTrue();
        StreamMetadata read = log.get("stream/legacy").orElseThrow();
        assertThat(read.getVersion()).isEqualTo(3L);
        assertThat(read.getConsumers()).isEmpty();
    }

    @Test
    void consumersRoundTripThroughTheLog() throws Exception {
        StreamMetadata stream = StreamMetadata.newBuilder()
                .setName("s")
                .setIncarnation("i")
                .setVersion(1)
                .setStatus(io.millrace.schemas.kinesis.StreamStatus.ACTIVE)
                .setTopic("s")
                .setCreatedAtMillis(1)
                .setShards(List.of())
                .setConsumers(List.of(StreamConsumer.newBuilder()
                        .setName("app")
                        .setCreatedAtMillis(5_000)
                        .setTags(Map.of("team", "a"))
                        .build()))
                .build();
        VersionedView<StreamMetadata> log = new VersionedView<>(MetadataStore.STREAMS);
        ByteBuffer encoded = stream.toByteBuffer();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        assertThat(log.apply("stream/s", bytes, new RecordHeaders())).isTrue();
        StreamConsumer consumer =
                log.get("stream/s").orElseThrow().getConsumers().get(0);
        assertThat(consumer.getName()).isEqualTo("app");
        assertThat(consumer.getDeregisteredAtMillis()).isNull();
        assertThat(ConsumerStates.status(consumer, 5_500)).isEqualTo(ConsumerStates.Status.CREATING);
        assertThat(ConsumerStates.status(consumer, 6_000)).isEqualTo(ConsumerStates.Status.ACTIVE);
    }
}
