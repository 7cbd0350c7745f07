package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedView;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Application records as every gateway reads them from the applications' topic. */
class ApplicationRecordsTest {

    private static ApplicationMetadata application(String name, long version) {
        return ApplicationMetadata.newBuilder()
                .setName(name)
                .setArn("arn:aws:kinesisanalytics:us-east-1:0:application/" + name)
                .setIncarnation("i-1")
                .setVersion(version)
                .setApplicationVersionId(1)
                .setStatus("READY")
                .setRuntimeEnvironment("SQL-1_0")
                .setServiceExecutionRole("role")
                .setConfiguration("{}")
                .setCreatedAtMillis(1)
                .setUpdatedAtMillis(1)
                .setSnapshots(List.of())
                .build();
    }

    private static byte[] bytes(ApplicationMetadata application) throws Exception {
        ByteBuffer buffer = application.toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void aRecordIsReadUnderItsOwnKeyOnly() throws Exception {
        VersionedView<ApplicationMetadata> view = new VersionedView<>(ApplicationStore.FORMAT);
        assertThat(view.apply("application/app", bytes(application("app", 1)), null))
                .isTrue();
        assertThat(view.get(ApplicationStore.FORMAT.key("app")).orElseThrow().getStatus())
                .isEqualTo("READY");
        assertThat(view.apply("application/other", bytes(application("app", 1)), null))
                .isFalse();
        assertThat(ApplicationStore.FORMAT.owns("deliverystream/app")).isFalse();
    }

    @Test
    void aRecordOfAnUnknownSchemaChangesNothing() throws Exception {
        // Single-object encoded with a fingerprint no schema here has, as a newer release might write.
        VersionedView<ApplicationMetadata> view = new VersionedView<>(ApplicationStore.FORMAT);
        view.apply("application/app", bytes(application("app", 1)), null);
        assertThat(view.apply("application/app", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0}, null))
                .isFalse();
        assertThat(view.get("application/app").orElseThrow().getVersion()).isEqualTo(1);
    }

    @Test
    void aRecordOfTheFirstSchemaIsReadWithNoOperationsAndNoJobFailures() throws Exception {
        Schema first;
        try (InputStream in = ApplicationMetadata.class.getResourceAsStream("history/ApplicationMetadata-1.avsc")) {
            first = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericRecordBuilder(first)
                .set("name", "app")
                .set("arn", "arn")
                .set("incarnation", "i-1")
                .set("version", 3L)
                .set("applicationVersionId", 1L)
                .set("status", "RUNNING")
                .set("runtimeEnvironment", "SQL-1_0")
                .set("serviceExecutionRole", "role")
                .set("configuration", "{}")
                .set("createdAtMillis", 1L)
                .set("updatedAtMillis", 2L)
                .set("jobId", "0123")
                .build();
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), first).encode(old);

        ApplicationMetadata read = MetadataDecoders.application(bytes);
        assertThat(read.getJobId()).isEqualTo("0123");
        assertThat(read.getJobFailures()).isEmpty();
        assertThat(read.getOperations()).isEmpty();
    }
}
