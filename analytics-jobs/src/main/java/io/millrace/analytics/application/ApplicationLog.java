package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The state machine every gateway runs over the application topic, in log order, so all reach the same view. A
 * record applies only on top of the version before it of the same incarnation, or as the first version of an
 * incarnation never seen deleted; a tombstone only to the incarnation it names. Records that lose are ignored: their
 * writer sees it did not win and retries or reports a ConcurrentModificationException.
 */
final class ApplicationLog {

  static final String KEY_PREFIX = "application/";
  static final String INCARNATION_HEADER = "millrace.incarnation";

  private final ConcurrentSkipListMap<String, ApplicationMetadata> applications = new ConcurrentSkipListMap<>();
  private final Map<String, Boolean> deletedIncarnations = new ConcurrentHashMap<>();

  void apply(String key, byte[] value, Headers headers) {
    if (key == null || !key.startsWith(KEY_PREFIX)) {
      return;
    }
    String name = key.substring(KEY_PREFIX.length());
    if (value == null) {
      applyTombstone(name, header(headers));
    } else {
      applyState(name, decode(value));
    }
  }

  private void applyState(String name, ApplicationMetadata next) {
    if (next == null || !name.equals(next.getName())) {
      return;
    }
    ApplicationMetadata current = applications.get(name);
    boolean accepted = current == null
        // Compaction may have removed earlier versions: any version of a live incarnation is a base.
        ? !deletedIncarnations.containsKey(next.getIncarnation())
        : current.getIncarnation().equals(next.getIncarnation()) && next.getVersion() == current.getVersion() + 1;
    if (accepted) {
      applications.put(name, next);
    }
  }

  private void applyTombstone(String name, String incarnation) {
    if (incarnation == null) {
      return;
    }
    deletedIncarnations.put(incarnation, true);
    ApplicationMetadata current = applications.get(name);
    if (current != null && incarnation.equals(current.getIncarnation())) {
      applications.remove(name);
    }
  }

  Optional<ApplicationMetadata> application(String name) {
    return Optional.ofNullable(applications.get(name));
  }

  /** In name order, as ListApplications returns them. */
  Collection<ApplicationMetadata> applications() {
    return applications.values();
  }

  static byte[] encode(ApplicationMetadata metadata) {
    try {
      ByteBuffer buffer = metadata.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApplicationMetadata decode(byte[] value) {
    try {
      return ApplicationMetadata.fromByteBuffer(ByteBuffer.wrap(value));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String header(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(INCARNATION_HEADER);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
