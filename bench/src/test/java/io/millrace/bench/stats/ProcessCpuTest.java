package io.millrace.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    /** One clock tick at the coarsest USER_HZ Linux has, plus slack for the two reads not being simultaneous. */
    private static final long TICK_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    @Test
    void statLineGivesUserPlusSystemTicksEvenWithParenthesesAndSpacesInTheCommandName() {
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194304 1517 0 0 0 250 37 0 0 20 0 31 0 1234 0";

        assertThat(ProcessCpu.statTicks(stat)).isEqualTo(250 + 37);
        assertThatThrownBy(() -> ProcessCpu.statTicks("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ticksBecomeNanosecondsAtTheClockRate() {
        assertThat(ProcessCpu.ticksToNanos(287, 100)).isEqualTo(2_870_000_000L);
        assertThat(ProcessCpu.ticksToNanos(3, 1000)).isEqualTo(3_000_000L);
        assertThat(ProcessCpu.clockTicks()).isBetween(1L, 100_000L);
    }

    @Test
    void procStatOfThisProcessAgreesWithTheJvmsOwnCpuClockAndGrowsWithWork() {
        long pid = ProcessHandle.current().pid();
        long procBefore = ProcessCpu.nanos(pid).orElseThrow();
        long own = ProcessCpu.ownNanos();
        long procAfter = ProcessCpu.nanos(pid).orElseThrow();
        // The JVM's clock read between the two /proc reads lies between them, to a clock tick.
        assertThat(own).isBetween(procBefore - TICK_SLACK_NANOS, procAfter + TICK_SLACK_NANOS);

        long burnUntil = own + TimeUnit.MILLISECONDS.toNanos(200);
        long sink = 0;
        while (ProcessCpu.ownNanos() < burnUntil) {
            for (int i = 0; i < 100_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        assertThat(sink).isNotEqualTo(1); // keeps the loop from being optimised away
        long procBurnt = ProcessCpu.nanos(pid).orElseThrow();
        assertThat(procBurnt - procAfter).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200) - TICK_SLACK_NANOS);
    }

    @Test
    void aProcessThatDoesNotExistHasNoCpuTime() {
        assertThat(ProcessCpu.nanos(Integer.MAX_VALUE)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void aPhaseIsTheDifferenceOfTwoReadingsAndUnknownWhenEitherPlatformReadingIs() {
        PhaseCpu phase = new CpuProbe.Reading(7_500_000_000L, 3_000_000_000L)
                .since(new CpuProbe.Reading(2_500_000_000L, 1_000_000_000L));
        assertThat(phase).isEqualTo(new PhaseCpu(5.0, 2.0));

        PhaseCpu unknown = new CpuProbe.Reading(-1, 3_000_000_000L).since(new CpuProbe.Reading(0, 0));
        assertThat(unknown.platformSeconds()).isNaN();
        assertThat(unknown.clientSeconds()).isEqualTo(3.0);
    }

    @Test
    void cpuPerGibDividesSecondsByGibibytesMoved() {
        PhaseCpu phase = new PhaseCpu(5.0, 0.5);
        long twoGib = 2L * 1024 * 1024 * 1024;

        assertThat(phase.platformPerGiB(twoGib)).hasValue(2.5);
        assertThat(phase.clientPerGiB(twoGib / 4)).hasValue(1.0);
        assertThat(phase.platformPerGiB(0)).isEmpty();
        assertThat(PhaseCpu.NONE.platformPerGiB(twoGib)).isEmpty();
    }
}
