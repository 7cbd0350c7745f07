package io.millrace.bench.stats;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the client threads of one run report into. Every method is safe to call from many threads at once without
 * locking: counters are {@link LongAdder}s and latencies go to an HdrHistogram {@link Recorder}, whose interval
 * histograms the progress ticker takes once a second.
 */
public final class Meter {

    /** Latencies are kept in microseconds, up to one hour, with three significant digits (0.1% error). */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    public static final int SIGNIFICANT_DIGITS = 3;

    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Recorder latency = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final AtomicLong gaugeMax = new AtomicLong(Long.MIN_VALUE);

    /** Records (and their payload bytes) that the target accepted or returned. */
    public void count(long recordCount, long byteCount) {
        records.add(recordCount);
        bytes.add(byteCount);
    }

    /** One call's latency; a call may carry many records. */
    public void latencyNanos(long nanos) {
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** A call that failed as a whole (exception). */
    public void error() {
        errors.increment();
    }

    /** Records the target refused inside a call that succeeded (throttled entries of PutRecords). */
    public void rejected(long recordCount) {
        rejected.add(recordCount);
    }

    /** A level such as MillisBehindLatest; the ticker shows the highest value seen in each second. */
    public void gauge(long value) {
        gaugeMax.accumulateAndGet(value, Math::max);
    }

    public long records() {
        return records.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    /** Latencies recorded since the previous call; only the ticker calls this, from one thread. */
    Histogram takeInterval() {
        return latency.getIntervalHistogram();
    }

    /** Highest gauge value since the previous call, or {@code Long.MIN_VALUE} when none was reported. */
    long takeGauge() {
        return gaugeMax.getAndSet(Long.MIN_VALUE);
    }
}
