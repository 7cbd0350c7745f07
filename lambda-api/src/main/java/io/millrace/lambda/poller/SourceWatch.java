package io.millrace.lambda.poller;

import io.millrace.lambda.store.LambdaStore;
import io.millrace.lambda.store.StreamDirectory;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disables the enabled mappings whose event source is gone. AWS's developer guide does not say what a Kinesis
 * mapping does when its stream is deleted or its consumer deregistered; this endpoint does what the event source
 * mappings of Amazon MQ and Kafka document for an event source Lambda cannot use any more: the mapping stops, its
 * State becomes Disabled with a StateTransitionReason naming Lambda's reason ({@link #REASON}, the code those
 * mappings use for a configuration that cannot work), and its LastProcessingResult says the PROBLEM. The source must
 * have been gone for {@code disableAfterMs} first (a stream re-created at once does not stop the mapping); the
 * change is a write of the mapping's record, so every gateway's pollers stop and a restart does not resume it, until
 * a user enables it again (UpdateEventSourceMapping Enabled=true). Every gateway with pollers watches; the first to
 * write wins the record's compare-and-set and the others see it disabled. Used on the reconcile thread.
 */
final class SourceWatch {

    /** StateTransitionReason of a mapping Lambda disabled (AWS's code for a mapping whose configuration fails). */
    static final String REASON = "ESM_CONFIG_NOT_VALID";

    private static final Logger LOG = LoggerFactory.getLogger(SourceWatch.class);

    private record Missing(String problem, long sinceMillis) {}

    private final LambdaStore store;
    private final StreamDirectory streams;
    private final long disableAfterMs;
    private final Map<String, Missing> missing = new ConcurrentHashMap<>();

    SourceWatch(LambdaStore store, StreamDirectory streams, long disableAfterMs) {
        this.store = store;
        this.streams = streams;
        this.disableAfterMs = disableAfterMs;
    }

    /** The LastProcessingResult of a mapping whose source is gone now ({@code PROBLEM: ...}), else null. */
    String problem(String uuid) {
        Missing gone = missing.get(uuid);
        return gone == null ? null : "PROBLEM: " + gone.problem();
    }

    /** Looks at the sources of the enabled mappings; disables those gone for long enough. */
    void check(Collection<EventSourceMappingRecord> enabled, long nowMillis) {
        Set<String> seen = new HashSet<>();
        for (EventSourceMappingRecord mapping : enabled) {
            String uuid = mapping.getUuid();
            seen.add(uuid);
            String problem = streams.sourceProblem(mapping.getEventSourceArn(), mapping.getStreamName())
                    .orElse(null);
            if (problem == null) {
                missing.remove(uuid);
                continue;
            }
            Missing gone = missing.compute(
                    uuid,
                    (u, before) -> before != null && before.problem().equals(problem)
                            ? before
                            : new Missing(problem, nowMillis));
            if (nowMillis - gone.sinceMillis() >= disableAfterMs) {
                disable(mapping, gone, nowMillis);
            }
        }
        missing.keySet().retainAll(seen);
    }

    private void disable(EventSourceMappingRecord mapping, Missing gone, long nowMillis) {
        String result = "PROBLEM: " + gone.problem();
        // Whether the attempt that counted (a lost compare-and-set tries again) wrote: the one gateway to log it.
        AtomicBoolean wrote = new AtomicBoolean();
        store.updateMapping(mapping.getUuid(), current -> {
                    boolean stillAsSeen =
                            current != null && current.getEnabled() && current.getVersion() == mapping.getVersion();
                    wrote.set(stillAsSeen);
                    if (!stillAsSeen) {
                        // Deleted, disabled or changed meanwhile: the next check looks at it again.
                        return null;
                    }
                    return EventSourceMappingRecord.newBuilder(current)
                            .setEnabled(false)
                            .setStateTransitionReason(REASON)
                            .setLastProcessingResult(result)
                            .setLastModifiedMillis(nowMillis)
                            .build();
                })
                .whenComplete((written, error) -> {
                    if (error != null) {
                        LOG.debug("Disabling event source mapping {} failed: {}", mapping.getUuid(), error.toString());
                    } else if (wrote.get()) {
                        LOG.warn(
                                "Event source mapping {} disabled: {} ({}) for {} s",
                                mapping.getUuid(),
                                gone.problem(),
                                mapping.getEventSourceArn(),
                                (nowMillis - gone.sinceMillis()) / 1000);
                    }
                });
    }
}
