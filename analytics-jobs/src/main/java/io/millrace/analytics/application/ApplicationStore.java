package io.millrace.analytics.application;

import io.millrace.gateway.store.CompactedTopicLog;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application metadata in a compacted one-partition Kafka topic: every gateway tails it into an
 * {@link ApplicationLog}, and a write is a compare-and-set that completes once this gateway has applied the log up
 * to it, so a restart or a second gateway sees the same applications.
 */
final class ApplicationStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationStore.class);
  private static final int UPDATE_ATTEMPTS = 5;

  private final ApplicationLog log = new ApplicationLog();
  private final CompactedTopicLog topicLog;

  ApplicationStore(Map<String, Object> clientProps, Admin admin, String topic) {
    this.topicLog = new CompactedTopicLog(clientProps, admin, topic, "millrace-analytics-metadata", log::apply);
  }

  void start(Duration timeout) throws Exception {
    topicLog.start(timeout);
    LOG.info("Application metadata loaded from {}: {} applications", topicLog.topic(), log.applications().size());
  }

  Optional<ApplicationMetadata> application(String name) {
    return log.application(name);
  }

  Collection<ApplicationMetadata> applications() {
    return log.applications();
  }

  /** Appends the next state; fails with {@link ConflictException} when another write reached the log first. */
  CompletableFuture<ApplicationMetadata> write(ApplicationMetadata next) {
    return topicLog.append(ApplicationLog.KEY_PREFIX + next.getName(), ApplicationLog.encode(next), null)
        .thenApply(ignored -> {
          ApplicationMetadata now = log.application(next.getName()).orElse(null);
          // Our own record: another writer's record of the same version may have won instead.
          if (!next.equals(now)) {
            throw new ConflictException("Application " + next.getName() + " changed concurrently");
          }
          return now;
        });
  }

  /**
   * Applies {@code change} to the current state of one incarnation and writes it, again on a fresh state when a
   * concurrent write won; completes with null when the incarnation is gone. {@code change} may throw an
   * {@code ApiException} to refuse the change (a wrong status).
   */
  CompletableFuture<ApplicationMetadata> update(String name, String incarnation,
      UnaryOperator<ApplicationMetadata> change) {
    return updateAttempt(name, incarnation, change, UPDATE_ATTEMPTS);
  }

  private CompletableFuture<ApplicationMetadata> updateAttempt(String name, String incarnation,
      UnaryOperator<ApplicationMetadata> change, int attemptsLeft) {
    ApplicationMetadata current = log.application(name).orElse(null);
    if (current == null || !current.getIncarnation().equals(incarnation)) {
      return CompletableFuture.completedFuture(null);
    }
    ApplicationMetadata next;
    try {
      next = ApplicationMetadata.newBuilder(change.apply(ApplicationMetadata.newBuilder(current).build()))
          .setVersion(current.getVersion() + 1)
          .setUpdatedAtMillis(System.currentTimeMillis())
          .build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return write(next).handle((written, error) -> {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof ConflictException && attemptsLeft > 1) {
        return sync().thenCompose(ignored -> updateAttempt(name, incarnation, change, attemptsLeft - 1));
      }
      return error == null ? CompletableFuture.completedFuture(written)
          : CompletableFuture.<ApplicationMetadata>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  /** Removes one incarnation for good (a tombstone naming it). */
  CompletableFuture<Void> remove(ApplicationMetadata current) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ApplicationLog.INCARNATION_HEADER, current.getIncarnation().getBytes(StandardCharsets.UTF_8));
    return topicLog.append(ApplicationLog.KEY_PREFIX + current.getName(), null, headers);
  }

  CompletableFuture<Void> sync() {
    return topicLog.sync();
  }

  @Override
  public void close() {
    topicLog.close();
  }

  /** A compare-and-set lost to a concurrent write. */
  static final class ConflictException extends RuntimeException {
    ConflictException(String message) {
      super(message, null, false, false);
    }
  }
}
