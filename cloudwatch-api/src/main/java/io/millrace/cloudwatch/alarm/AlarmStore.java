package io.millrace.cloudwatch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Metric alarms in a compacted topic every gateway tails (the platform's versioned store, as trails and Glue tables
 * are kept): keys {@code alarm/<name>}, values the {@link Alarm} as JSON. A write is a compare-and-set on the version
 * that completes once this gateway has applied it, so definitions and states read alike on every gateway and
 * survive restarts.
 */
public final class AlarmStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VersionedTopic topic;
    private final NamedRecordFormat<Alarm> format;
    private final VersionedStore<Alarm> alarms;
    private final NamedRecordFormat<AlarmHistory> historyFormat;
    private final VersionedStore<AlarmHistory> histories;

    /** Adds the alarm key space to {@code topic}; start the topic afterwards. */
    public AlarmStore(VersionedTopic topic) {
        this.topic = topic;
        // Alarms have no incarnation: a tombstone removes whatever the name holds.
        this.format = new NamedRecordFormat<>(
                "alarm/",
                alarm -> ByteBuffer.wrap(JSON.writeValueAsBytes(alarm)),
                bytes -> JSON.readValue(
                        bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), Alarm.class),
                Alarm::name,
                Alarm::version,
                alarm -> null);
        this.alarms = topic.keySpace(format);
        this.historyFormat = new NamedRecordFormat<>(
                "alarm-history/",
                history -> ByteBuffer.wrap(JSON.writeValueAsBytes(history)),
                bytes -> JSON.readValue(
                        bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), AlarmHistory.class),
                AlarmHistory::name,
                AlarmHistory::version,
                history -> null);
        this.histories = topic.keySpace(historyFormat);
    }

    /** The histories of every alarm name, deleted alarms' included, in name order. */
    public Collection<AlarmHistory> histories() {
        return histories.values();
    }

    /** Adds {@code item} to the history of the alarm {@code name}. */
    public CompletableFuture<AlarmHistory> record(String name, AlarmHistory.Item item) {
        return histories.update(historyFormat.key(name), current -> {
            AlarmHistory base = current == null ? new AlarmHistory(name, 0L, List.of()) : current;
            return base.plus(item).withVersion(base.version() + 1);
        });
    }

    public Optional<Alarm> alarm(String name) {
        return alarms.get(format.key(name));
    }

    /** In name order. */
    public Collection<Alarm> alarms() {
        return alarms.values();
    }

    /**
     * Applies {@code change} to the alarm's current state (null when there is none) and writes the result with the
     * next version; {@code change} may throw to refuse, or return null to write nothing.
     */
    public CompletableFuture<Alarm> update(String name, UnaryOperator<Alarm> change) {
        return alarms.update(format.key(name), current -> {
            Alarm next = change.apply(current);
            return next == null ? null : next.withVersion(current == null ? 1L : current.version() + 1);
        });
    }

    public CompletableFuture<Void> remove(Alarm current) {
        return alarms.remove(format.key(current.name()), current);
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return topic.sync();
    }

    /** Re-publishes records whose last write lost a compare-and-set, so that compaction keeps the winner. */
    public void repair() {
        alarms.repair();
        histories.repair();
    }
}
