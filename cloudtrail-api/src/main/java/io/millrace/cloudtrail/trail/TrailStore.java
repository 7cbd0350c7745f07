package io.millrace.cloudtrail.trail;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Trails and their delivery status in one compacted topic that every gateway tails (the platform's versioned store,
 * as KMS keys and IAM users are kept): keys {@code trail/<name>} and {@code trail-status/<name>}, values the Avro records of {@code schemas}
 * ({@link TrailRecords}). A
 * write is a compare-and-set on the version that completes once this gateway has applied it.
 */
public final class TrailStore {

    private final VersionedTopic topic;
    private final NamedRecordFormat<Trail> trailFormat;
    private final NamedRecordFormat<TrailStatus> statusFormat;
    private final VersionedStore<Trail> trails;
    private final VersionedStore<TrailStatus> statuses;

    /** Adds the trail key spaces to {@code topic}; start the topic afterwards. */
    public TrailStore(VersionedTopic topic) {
        this.topic = topic;
        this.trailFormat = new NamedRecordFormat<>(
                "trail/", TrailRecords::encode, TrailRecords::trail, Trail::name, Trail::version, Trail::incarnation);
        this.statusFormat = new NamedRecordFormat<>(
                "trail-status/",
                TrailRecords::encode,
                TrailRecords::status,
                TrailStatus::name,
                TrailStatus::version,
                TrailStatus::incarnation);
        this.trails = topic.keySpace(trailFormat);
        this.statuses = topic.keySpace(statusFormat);
    }

    public Optional<Trail> trail(String name) {
        return trails.get(trailFormat.key(name));
    }

    /** In name order. */
    public Collection<Trail> trails() {
        return trails.values();
    }

    /** The delivery status of this incarnation of the trail, if it had a delivery attempt. */
    public Optional<TrailStatus> status(Trail trail) {
        return statuses.get(statusFormat.key(trail.name()))
                .filter(status -> status.incarnation().equals(trail.incarnation()));
    }

    /**
     * Applies {@code change} to the trail's current state (null when there is none) and writes the result with the
     * next version; {@code change} may throw to refuse, or return null to write nothing.
     */
    public CompletableFuture<Trail> update(String name, UnaryOperator<Trail> change) {
        return trails.update(trailFormat.key(name), current -> {
            Trail next = change.apply(current);
            return next == null ? null : next.withVersion(current == null ? 1L : current.version() + 1);
        });
    }

    /** Removes the trail and its status for good. */
    public CompletableFuture<Void> remove(Trail current) {
        statuses.get(statusFormat.key(current.name()))
                .ifPresent(status -> statuses.remove(statusFormat.key(current.name()), status));
        return trails.remove(trailFormat.key(current.name()), current);
    }

    /** Notes a delivery attempt of {@code trail}: a success when {@code error} is null. */
    public CompletableFuture<TrailStatus> attempted(Trail trail, long nowMillis, String error) {
        // DeleteTrail removes the status with the trail: a new incarnation starts from an empty key.
        return statuses.update(statusFormat.key(trail.name()), current -> {
            TrailStatus base = current != null && current.incarnation().equals(trail.incarnation())
                    ? current
                    : new TrailStatus(trail.name(), trail.incarnation(), 0L, null, null, null);
            return base.attempted(nowMillis, error);
        });
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return topic.sync();
    }

    /** Re-publishes records whose last write lost a compare-and-set, so that compaction keeps the winner. */
    public void repair() {
        trails.repair();
        statuses.repair();
    }
}
