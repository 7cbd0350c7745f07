package io.millrace.kinesis.lifecycle;

import java.time.Duration;

/**
 * The two durations that make a reshard safe for writers without any lock: a gateway routes a record only with a
 * metadata view checked against the log end less than {@link #ROUTING_LEASE} ago, and a closing shard's end offset
 * is fixed only {@link #CLOSE_GRACE} after a gateway first saw it closing. The grace exceeds the lease by enough
 * slack for a routed record to reach Kafka; a record that still arrives later is refused to its writer (see
 * RecordWriteActions), never acknowledged past the end offset.
 */
public final class ReshardTiming {

    public static final Duration ROUTING_LEASE = Duration.ofSeconds(1);
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(3);
    /** A put acknowledged sooner than this after its lease instant certainly landed before any end offset. */
    public static final Duration SAFE_ACK_WINDOW = CLOSE_GRACE.minusMillis(500);

    private ReshardTiming() {
    }
}
