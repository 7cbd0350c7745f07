package io.millrace.kinesis.lifecycle;

import java.time.Duration;

/**
 * The durations that make a reshard safe for writers without any lock:
 * <ul>
 *   <li>a gateway routes a record only with a metadata view checked against the log end less than
 *       {@link #ROUTING_LEASE} ago;</li>
 *   <li>a reshard hands the parents' ranges to the children at a cutover instant {@link #CUTOVER_DELAY} after it
 *       writes the change: longer than the lease, so every gateway that routes after the cutover has seen it, and
 *       no key's records go to a child before all gateways stop sending them to the parent;</li>
 *   <li>a parent's end offset is fixed only {@link #CLOSE_GRACE} after the cutover (and after this gateway first
 *       saw the reshard), enough for a record routed just before the cutover to reach Kafka. A record that still
 *       lands later is acknowledged only if it is below the end offset (see RecordWriteActions).</li>
 * </ul>
 * The cutover is a wall-clock instant shared by all gateways, so their clocks must agree to well under the slack
 * between the lease and the delay (NTP does).
 */
public final class ReshardTiming {

    public static final Duration ROUTING_LEASE = Duration.ofSeconds(1);
    public static final Duration CUTOVER_DELAY = ROUTING_LEASE.plusSeconds(1);
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(3);
    /** A put acknowledged sooner than this after its lease instant certainly landed before any end offset. */
    public static final Duration SAFE_ACK_WINDOW = CLOSE_GRACE.minusMillis(500);

    private ReshardTiming() {}
}
