package io.millrace.bench.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * CPU time (user plus system) of a process as the OS accounts it: what a phase cost the platform, whatever its
 * threads did, and what it cost the bench itself. Another process is read from {@code /proc/PID/stat} (Linux), in
 * clock ticks of {@code getconf CLK_TCK}; the bench's own process from the JVM, in nanoseconds.
 */
public final class ProcessCpu {

    /** USER_HZ on every Linux architecture the JVM runs on; used when getconf is missing. */
    static final long DEFAULT_CLOCK_TICKS = 100;

    private static volatile long clockTicks;

    private ProcessCpu() {}

    /** CPU time of process {@code pid} in nanoseconds, or empty when it cannot be read (gone, not Linux). */
    public static OptionalLong nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return OptionalLong.of(ticksToNanos(statTicks(stat), clockTicks()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** CPU time of the bench's own process in nanoseconds. */
    public static long ownNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos;
            }
        }
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos())
                .orElse(0L);
    }

    /**
     * utime + stime of a {@code /proc/PID/stat} line, in clock ticks. The command name (field 2) is in parentheses
     * and may itself hold spaces and parentheses, so fields are counted from the last ')': state is field 3,
     * utime field 14, stime field 15 (proc(5)).
     */
    static long statTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state): field n is fields[n - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    static long ticksToNanos(long ticks, long ticksPerSecond) {
        return ticks * TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}), asked once. */
    static long clockTicks() {
        long ticks = clockTicks;
        if (ticks == 0) {
            ticks = askClockTicks();
            clockTicks = ticks;
        }
        return ticks;
    }

    private static long askClockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String answer = new String(getconf.getInputStream().readAllBytes()).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                long parsed = Long.parseLong(answer);
                return parsed > 0 ? parsed : DEFAULT_CLOCK_TICKS;
            }
        } catch (IOException | NumberFormatException e) {
            // no getconf: Linux's USER_HZ below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_CLOCK_TICKS;
    }
}
