package io.millrace.kinesis.fanout;

import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.model.ShardId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * AWS's rule for one consumer on one shard: a SubscribeToShard within 5 seconds of a successful one gets
 * ResourceInUseException; one made 5 seconds or more later takes the subscription over, and the previous one ends
 * with ResourceInUseException. Kept per endpoint process, like the other per-shard limits.
 */
final class SubscriptionLeases {

    static final long MIN_RESUBSCRIBE_MILLIS = 5_000;

    private record Key(String consumerArn, int shardIndex) {}

    private record Lease(long startedAtMillis, ShardSubscription subscription) {}

    private final Map<Key, Lease> leases = new HashMap<>();

    /** Records a successful call, or refuses it; returns the subscription it takes over (null if none). */
    synchronized ShardSubscription claim(String consumerArn, int shardIndex, long now, ShardSubscription next) {
        prune(now);
        Key key = new Key(consumerArn, shardIndex);
        Lease previous = leases.get(key);
        if (previous != null && now - previous.startedAtMillis() < MIN_RESUBSCRIBE_MILLIS) {
            throw KinesisErrors.resourceInUse("Another active subscription exists for consumer " + consumerArn
                    + " on shard " + ShardId.format(shardIndex)
                    + ": a new one may start " + MIN_RESUBSCRIBE_MILLIS + " ms after the last one started.");
        }
        leases.put(key, new Lease(now, next));
        return previous == null ? null : previous.subscription();
    }

    /** Forgets leases past the 5 seconds whose subscriptions have ended. */
    private void prune(long now) {
        for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
            Lease lease = it.next();
            if (now - lease.startedAtMillis() >= MIN_RESUBSCRIBE_MILLIS
                    && lease.subscription().isFinished()) {
                it.remove();
            }
        }
    }
}
