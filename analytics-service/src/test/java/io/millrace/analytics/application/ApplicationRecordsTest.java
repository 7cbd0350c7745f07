package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedView;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Application records as every gateway reads them from the applications' topic. */
class ApplicationRecordsTest {

  private static ApplicationMetadata application(String name, long version) {
    return ApplicationMetadata.newBuilder().setName(name).setArn("arn:aws:kinesisanalytics:us-east-1:0:application/"
            + name).setIncarnation("i-1").setVersion(version).setApplicationVersionId(1).setStatus("READY")
        .setRuntimeEnvironment("SQL-1_0").setServiceExecutionRole("role").setConfiguration("{}")
        .setCreatedAtMillis(1).setUpdatedAtMillis(1).setSnapshots(List.of()).build();
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
    assertThat(view.apply("application/app", bytes(application("app", 1)), null)).isTrue();
    assertThat(view.get(ApplicationStore.FORMAT.key("app")).orElseThrow().getStatus()).isEqualTo("READY");
    assertThat(view.apply("application/other", bytes(application("app", 1)), null)).isFalse();
    assertThat(ApplicationStore.FORMAT.owns("deliverystream/app")).isFalse();
  }

  @Test
  void aRecordOfAnUnknownSchemaChangesNothing() throws Exception {
    // Single-object encoded with a fingerprint no schema here has, as a newer release might write.
    VersionedView<ApplicationMetadata> view = new VersionedView<>(ApplicationStore.FORMAT);
    view.apply("application/app", bytes(application("app", 1)), null);
    assertThat(view.apply("application/app", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0}, null)).isFalse();
    assertThat(view.get("application/app").orElseThrow().getVersion()).isEqualTo(1);
  }
}
