package io.millrace.bench.stats;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Once a second, turns what a {@link Meter} collected into a {@link Sample}, prints the progress line, and folds the
 * interval's latencies into the run's histogram. Taking intervals from the meter (instead of reading one shared
 * histogram) keeps the writers lock-free and gives per-second p99 for free.
 */
public final class ProgressTicker implements AutoCloseable {

    private static final long MIN_FINAL_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String name;
    private final Meter meter;
    private final PrintWriter out;
    private final CpuProbe cpuProbe = CpuProbe.current();
    private final CpuProbe.Reading cpuStart = cpuProbe.read();
    private final long startNanos = System.nanoTime();
    private PhaseCpu cpu = PhaseCpu.NONE;
    private final Histogram total = new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS);
    private final List<Sample> timeline = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private long lastNanos = startNanos;
    private long lastRecords;
    private long lastBytes;
    private long stopNanos = -1;

    private ProgressTicker(String name, Meter meter, PrintWriter out) {
        this.name = name;
        this.meter = meter;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the clock of a run and its progress line. */
    public static ProgressTicker start(String name, Meter meter, PrintWriter out) {
        ProgressTicker ticker = new ProgressTicker(name, meter, out);
        ticker.timer.scheduleAtFixedRate(ticker::tick, 1, 1, TimeUnit.SECONDS);
        return ticker;
    }

    private synchronized void tick() {
        if (stopNanos >= 0) {
            return;
        }
        Sample sample = sample(System.nanoTime());
        out.println(progressLine(sample));
        out.flush();
    }

    private Sample sample(long now) {
        return sample(now, true);
    }

    /** @param keep false for a final sliver of a second: counted in the totals, but a rate over a few
     *              milliseconds would only put a spike in the timeline */
    private Sample sample(long now, boolean keep) {
        Histogram interval = meter.takeInterval();
        total.add(interval);
        long records = meter.records();
        long bytes = meter.bytes();
        double seconds = (now - lastNanos) / 1e9;
        long gauge = meter.takeGauge();
        Sample sample = new Sample(
                (now - startNanos) / 1e9,
                seconds > 0 ? (records - lastRecords) / seconds : 0,
                seconds > 0 ? (bytes - lastBytes) / RunResult.MIB / seconds : 0,
                interval.getTotalCount() > 0 ? interval.getValueAtPercentile(99.0) / 1000.0 : 0,
                gauge == Long.MIN_VALUE ? -1 : gauge);
        if (keep) {
            timeline.add(sample);
        }
        lastNanos = now;
        lastRecords = records;
        lastBytes = bytes;
        return sample;
    }

    private String progressLine(Sample s) {
        String line = String.format(
                Locale.ROOT,
                "[%s] %5.0fs %,12.0f rec/s %9.2f MiB/s  p99 %9.2f ms  total %,d",
                name,
                s.second(),
                s.recordsPerSecond(),
                s.mibPerSecond(),
                s.p99Millis(),
                lastRecords);
        if (s.gauge() >= 0) {
            line += String.format(Locale.ROOT, "  behind %,d ms", s.gauge());
        }
        return line;
    }

    /**
     * Stops the clock (call once the client threads are done) and returns the run's figures; the last, partial
     * second is kept so that no record or latency is lost.
     */
    public synchronized RunResult finish(
            Operation operation, boolean kafka, String latencyOf, Map<String, String> notes) {
        if (stopNanos < 0) {
            stop();
        } else {
            // Latencies measured after the clock stopped (records checked once the run was timed) still count.
            total.add(meter.takeInterval());
        }
        return new RunResult(
                name,
                operation,
                kafka,
                latencyOf,
                lastRecords,
                lastBytes,
                (stopNanos - startNanos) / 1e9,
                total.copy(),
                List.copyOf(timeline),
                Collections.unmodifiableMap(new LinkedHashMap<>(notes)),
                cpu);
    }

    /**
     * Stops the clock, the byte count and the CPU reading without the latencies: those recorded until
     * {@link #finish} still join the run's histogram.
     */
    public synchronized void stop() {
        if (stopNanos >= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now > lastNanos) {
            sample(now, timeline.isEmpty() || now - lastNanos >= MIN_FINAL_SAMPLE_NANOS);
        }
        stopNanos = now;
        cpu = cpuProbe.read().since(cpuStart);
        timer.shutdownNow();
    }

    @Override
    public synchronized void close() {
        stopNanos = stopNanos < 0 ? System.nanoTime() : stopNanos;
        timer.shutdownNow();
    }
}
