package io.millrace.kinesis.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedView;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Stream records a previous release wrote, with the previous StreamMetadata schema, still apply after an upgrade. */
class StreamMetadataHistoryTest {

    @Test
    void aRecordOfThePreviousSchemaIsRead() throws Exception {
        Schema previous;
        try (InputStream in = StreamMetadata.class.getResourceAsStream("history/StreamMetadata-1.avsc")) {
            previous = new Schema.Parser().parse(in);
        }
        assertThat(previous.getField("streamModeUpdatesMillis")).isNull();
        GenericRecord old = new GenericRecordBuilder(previous)
                .set("name", "orders")
                .set("incarnation", "a")
                .set("version", 1L)
                .set(
                        "status",
                        new GenericData.EnumSymbol(previous.getField("status").schema(), "ACTIVE"))
                .set("topic", "orders")
                .set("createdAtMillis", 1000L)
                .set("shards", List.of())
                .set("shardCountUpdatesMillis", List.of(5L))
                .build();
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), previous).encode(old);
        byte[] value = new byte[bytes.remaining()];
        bytes.get(value);

        VersionedView<StreamMetadata> log = new VersionedView<>(MetadataStore.STREAMS);
        assertThat(log.apply("stream/orders", value, new RecordHeaders())).isTrue();
        StreamMetadata read = log.values().iterator().next();
        assertThat(read.getStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(read.getShardCountUpdatesMillis()).containsExactly(5L);
        assertThat(read.getStreamModeUpdatesMillis()).isEmpty();
    }
}
