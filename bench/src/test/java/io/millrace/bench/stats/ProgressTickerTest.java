package io.millrace.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTickerTest {

    @Test
    void finishKeepsEveryRecordAndLatencyOfTheLastPartialSecond() throws Exception {
        Meter meter = new Meter();
        ProgressTicker ticker = ProgressTicker.start("test", meter, new PrintWriter(new StringWriter()));
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            writers[t] = new Thread(() -> {
                for (int i = 1; i <= 1_000; i++) {
                    meter.count(10, 10_240);
                    meter.latencyNanos(TimeUnit.MICROSECONDS.toNanos(i));
                }
            });
            writers[t].start();
        }
        for (Thread w : writers) {
            w.join();
        }

        RunResult result = ticker.finish(Operation.WRITE, false, "one call", Map.of("k", "v"));

        assertThat(result.records()).isEqualTo(40_000);
        assertThat(result.bytes()).isEqualTo(40_960_000);
        assertThat(result.latency().getTotalCount()).isEqualTo(4_000);
        assertThat(result.latencySummary().p50()).isCloseTo(0.5, within(0.001));
        assertThat(result.timeline()).isNotEmpty();
        assertThat(result.timeline().stream()
                        .mapToDouble(s -> s.recordsPerSecond())
                        .max())
                .isPresent();
        assertThat(result.recordsPerSecond()).isCloseTo(40_000 / result.seconds(), within(1e-6));
        assertThat(result.mibPerSecond()).isCloseTo(40_960_000 / RunResult.MIB / result.seconds(), within(1e-6));
        assertThat(result.notes()).containsEntry("k", "v");
    }

    @Test
    void gaugeReportsTheHighestValueOfTheInterval() {
        Meter meter = new Meter();
        ProgressTicker ticker = ProgressTicker.start("test", meter, new PrintWriter(new StringWriter()));
        meter.gauge(120);
        meter.gauge(4_500);
        meter.gauge(30);

        RunResult result = ticker.finish(Operation.READ, false, "one call", Map.of());

        assertThat(result.timeline()).extracting(Sample::gauge).contains(4_500L);
    }

    @Test
    void latenciesAreKeptInMicroseconds() {
        Meter meter = new Meter();
        ProgressTicker ticker = ProgressTicker.start("test", meter, new PrintWriter(new StringWriter()));
        meter.latencyNanos(TimeUnit.MILLISECONDS.toNanos(25));

        RunResult result = ticker.finish(Operation.WRITE, false, "one call", Map.of());

        assertThat(result.latency().getMaxValue()).isCloseTo(25_000, within(25L));
        assertThat(result.latencySummary().max()).isCloseTo(25.0, within(0.025));
    }
}
