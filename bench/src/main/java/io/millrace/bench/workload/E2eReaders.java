package io.millrace.bench.workload;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the e2e workload reads its records back: polling GetRecords readers, or enhanced fan-out subscriptions.
 * Either way every record ends up in a {@link Delivery}, which measures it the same way.
 */
public interface E2eReaders {

    /** Where readers hand each record, with the moment it reached the client. */
    interface Delivery {
        void record(ByteBuffer data, long nowNanos);

        /** A failed read call (GetRecords, SubscribeToShard). */
        void failedCall();
    }

    /** The run's name in the report ("e2e", "e2e fan-out"). */
    String runName();

    /** What one latency sample is, for the report. */
    String latencyOf();

    /** Consumers that each read every record (enhanced fan-out consumers); one for the others. */
    default int consumers() {
        return 1;
    }

    /**
     * Starts reading every shard from TRIM_HORIZON and returns once reading has begun (the writers start then).
     *
     * @param deliveries one per consumer ({@link #consumers()}), each receiving every record once
     * @param maxRun     how long the readers may run at most
     * @return completes when every reader has stopped, exceptionally with a {@link BenchFailure} if one failed
     */
    CompletableFuture<Void> start(List<String> shards, List<Delivery> deliveries, Duration maxRun);

    /** Asks the readers to stop; the future of {@link #start} completes once they did. */
    void stop();

    /** Figures of the readers themselves (poll interval, re-subscriptions, ...). */
    Map<String, String> notes();
}
