package io.millrace.kinesis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedView;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Stream records written before resource policies existed (schema history/StreamMetadata-2) read with no policy on
 * the stream nor on its consumers; and what PutResourcePolicy accepts before the policy language's checks.
 */
class ResourcePolicyMetadataTest {

    @Test
    void aRecordOfThePreviousSchemaReadsWithoutPolicies() throws Exception {
        Schema previous;
        try (InputStream in = StreamMetadata.class.getResourceAsStream("history/StreamMetadata-2.avsc")) {
            previous = new Schema.Parser().parse(in);
        }
        assertThat(previous.getField("resourcePolicy")).isNull();
        Schema consumerSchema = previous.getField("consumers").schema().getElementType();
        GenericRecord consumer = new GenericRecordBuilder(consumerSchema)
                .set("name", "reader")
                .set("createdAtMillis", 5_000L)
                .build();
        GenericRecord old = new GenericRecordBuilder(previous)
                .set("name", "orders")
                .set("incarnation", "a")
                .set("version", 4L)
                .set(
                        "status",
                        new GenericData.EnumSymbol(previous.getField("status").schema(), "ACTIVE"))
                .set("topic", "orders")
                .set("createdAtMillis", 1000L)
                .set("shards", List.of())
                .set("consumers", List.of(consumer))
                .build();
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), previous).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        VersionedView<StreamMetadata> log = new VersionedView<>(MetadataStore.STREAMS);
        assertThat(log.apply("stream/orders", bytes, new RecordHeaders())).isTrue();
        StreamMetadata read = log.get("stream/orders").orElseThrow();
        assertThat(read.getVersion()).isEqualTo(4L);
        assertThat(read.getResourcePolicy()).isNull();
        assertThat(read.getConsumers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("reader");
            assertThat(c.getResourcePolicy()).isNull();
        });
    }

    @Test
    void onlyOneWellFormedJsonObjectIsAPolicy() {
        ResourcePolicyValidator json = ResourcePolicyValidator.JSON_OBJECT;
        assertThat(json.problemWith("{\"Version\":\"2012-10-17\",\"Statement\":[]}"))
                .isEmpty();
        assertThat(json.problemWith(" {} ")).isEmpty();
        Map.of(
                        "[]", "an array",
                        "\"text\"", "a string",
                        "{\"a\":1", "unterminated",
                        "{} {}", "two objects",
                        "{\"a\":1,\"a\":2}", "a duplicate key",
                        "", "nothing")
                .forEach((policy, what) ->
                        assertThat(json.problemWith(policy)).as(what).isPresent());
    }

    @Test
    void aResourceArnNamesAStreamOrOneRegistrationOfAConsumer() {
        String stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders";
        assertThat(PolicyTarget.parse(stream)).isEqualTo(new PolicyTarget("123456789012", "orders", null, -1));
        assertThat(PolicyTarget.parse(stream + "/consumer/reader:1700000000"))
                .isEqualTo(new PolicyTarget("123456789012", "orders", "reader", 1_700_000_000L));
        assertThat(PolicyTarget.parse("arn:aws:kinesis:eu-west-1:123456789012:stream/a/b"))
                .isNull();
    }
}
