package io.millrace.analytics.application;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application metadata in a compacted one-partition Kafka topic that every gateway tails; a write is a
 * compare-and-set that completes once this gateway has applied the log up to it, so a restart or a second gateway
 * sees the same applications.
 */
final class ApplicationStore implements AutoCloseable {

    /** Key {@code application/<name>}, an Avro {@link ApplicationMetadata} read through its schema history. */
    static final NamedRecordFormat<ApplicationMetadata> FORMAT = new NamedRecordFormat<>(
            "application/",
            ApplicationMetadata::toByteBuffer,
            MetadataDecoders::application,
            ApplicationMetadata::getName,
            ApplicationMetadata::getVersion,
            ApplicationMetadata::getIncarnation);

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationStore.class);

    private final VersionedTopic topic;
    private final VersionedStore<ApplicationMetadata> applications;

    ApplicationStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topic = new VersionedTopic(clientProps, admin, topic, "millrace-analytics-metadata");
        this.applications = this.topic.keySpace(FORMAT);
    }

    void start(Duration timeout) throws Exception {
        topic.start(timeout);
        LOG.info(
                "Application metadata loaded from {}: {} applications",
                topic.topic(),
                applications().size());
    }

    Optional<ApplicationMetadata> application(String name) {
        return applications.get(FORMAT.key(name));
    }

    /** In name order, as ListApplications returns them. */
    Collection<ApplicationMetadata> applications() {
        return applications.values();
    }

    /**
     * Appends the next state; fails with {@link io.millrace.gateway.store.VersionConflictException} when another
     * write reached the log first.
     */
    CompletableFuture<ApplicationMetadata> write(ApplicationMetadata next) {
        return applications.write(FORMAT.key(next.getName()), next);
    }

    /**
     * Applies {@code change} to the current state of one incarnation and writes it, again on a fresh state when a
     * concurrent write won; completes with null when the incarnation is gone. {@code change} may throw an
     * {@code ApiException} to refuse the change (a wrong status), or return null to write nothing (the future then
     * completes with the current state).
     */
    CompletableFuture<ApplicationMetadata> update(
            String name, String incarnation, UnaryOperator<ApplicationMetadata> change) {
        return applications
                .update(FORMAT.key(name), current -> {
                    if (current == null || !current.getIncarnation().equals(incarnation)) {
                        return null;
                    }
                    ApplicationMetadata next =
                            change.apply(ApplicationMetadata.newBuilder(current).build());
                    if (next == null) {
                        return null;
                    }
                    return ApplicationMetadata.newBuilder(next)
                            .setVersion(current.getVersion() + 1)
                            .setUpdatedAtMillis(System.currentTimeMillis())
                            .build();
                })
                .thenApply(result -> result != null && result.getIncarnation().equals(incarnation) ? result : null);
    }

    /** Removes one incarnation for good (a tombstone naming it). */
    CompletableFuture<Void> remove(ApplicationMetadata current) {
        return applications.remove(FORMAT.key(current.getName()), current);
    }

    CompletableFuture<Void> sync() {
        return topic.sync();
    }

    @Override
    public void close() {
        topic.close();
    }
}
