package io.millrace.bench.workload;

import java.time.Duration;

/**
 * The fleet the leases workload simulates.
 *
 * @param table              lease table name
 * @param workers            KCL workers sharing the table
 * @param leases             leases in the table (shards of the stream the fleet reads)
 * @param failover           the KCL's {@code failoverTimeMillis}: a lease whose counter has not moved for this long
 *                           is taken by another worker; renewals run every third of it
 * @param checkpointInterval how often each held lease is checkpointed
 * @param duration           length of the measured run
 * @param threads            client threads making the calls
 */
public record LeaseSpec(
        String table,
        int workers,
        int leases,
        Duration failover,
        Duration checkpointInterval,
        Duration duration,
        int threads) {

    /** The KCL renews every lease it holds this often ({@code failoverTimeMillis / 3}, as its LeaseRenewer). */
    public Duration renewInterval() {
        return failover.dividedBy(3);
    }

    /** The KCL's lease taker runs this often ({@code 2 x failoverTimeMillis}, as its LeaseTaker). */
    public Duration takeInterval() {
        return failover.multipliedBy(2);
    }

    /** Leases each worker aims to hold: an even share, rounded up, as the KCL's taker computes it. */
    public int target() {
        return (leases + workers - 1) / workers;
    }
}
