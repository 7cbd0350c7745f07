package io.millrace.kinesis.metadata;

import io.millrace.schemas.kinesis.StreamConsumer;
import java.util.List;
import java.util.Optional;

/**
 * A consumer's status follows from its times, the same on every gateway, so no background writer has to move it:
 * CREATING for a moment after registration, then ACTIVE; DELETING for a moment after deregistration, then gone
 * (its entry is dropped from the stream's metadata by the next consumer change). AWS takes seconds for both;
 * a short, visible transition keeps clients' waiters honest without slowing them down.
 */
public final class ConsumerStates {

    public static final long ACTIVATION_MILLIS = 1_000;
    public static final long DELETION_MILLIS = 1_000;

    public enum Status {
        CREATING,
        ACTIVE,
        DELETING,
        GONE
    }

    private ConsumerStates() {}

    public static Status status(StreamConsumer consumer, long now) {
        if (consumer.getDeregisteredAtMillis() != null) {
            return now - consumer.getDeregisteredAtMillis() < DELETION_MILLIS ? Status.DELETING : Status.GONE;
        }
        return now - consumer.getCreatedAtMillis() < ACTIVATION_MILLIS ? Status.CREATING : Status.ACTIVE;
    }

    /** Consumers not yet gone, in registration order. */
    public static List<StreamConsumer> visible(List<StreamConsumer> consumers, long now) {
        return consumers.stream().filter(c -> status(c, now) != Status.GONE).toList();
    }

    /** Registered consumers: neither deregistered nor gone, the ones DeleteStream and ConsumerCount count. */
    public static List<StreamConsumer> registered(List<StreamConsumer> consumers) {
        return consumers.stream()
                .filter(c -> c.getDeregisteredAtMillis() == null)
                .toList();
    }

    public static Optional<StreamConsumer> named(List<StreamConsumer> consumers, String name, long now) {
        return visible(consumers, now).stream()
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }
}
