package io.millrace.bench.stats;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.OptionalLong;

/**
 * Where the CPU time of each phase comes from: the platform process under test (by pid) and the bench's own
 * process. A {@link ProgressTicker} reads it when a phase starts and when it finishes, so only the phase itself is
 * counted, not stream creation, deletion or waits.
 *
 * <p>The probe of the run in progress is held here rather than handed to every workload: the bench runs one
 * workload per process, and every phase of it measures the same processes.
 */
public final class CpuProbe {

    /** Until a command installs one: the bench's own CPU only. */
    private static volatile CpuProbe current = none("no platform process given");

    private final long platformPid;
    private final String description;

    private CpuProbe(long platformPid, String description) {
        this.platformPid = platformPid;
        this.description = description;
    }

    /** The platform is process {@code pid}; {@code how} says how it was found, for the report. */
    public static CpuProbe of(long pid, String how) {
        return new CpuProbe(pid, "pid " + pid + " (" + how + ")");
    }

    /** No platform process: its CPU columns stay empty; {@code why} says why. */
    public static CpuProbe none(String why) {
        return new CpuProbe(-1, why);
    }

    /**
     * The platform process: {@code explicitPid} when given (and readable), otherwise the process listening on
     * {@code endpoint}'s port when its host is a loopback address.
     *
     * @param defaultPort the port when the URI names none (its scheme's)
     */
    public static CpuProbe resolve(Long explicitPid, URI endpoint, int defaultPort) {
        if (explicitPid != null) {
            return ProcessCpu.nanos(explicitPid).isPresent()
                    ? of(explicitPid, "--platform-pid")
                    : none("platform CPU not measured: cannot read /proc/" + explicitPid + "/stat");
        }
        String host = endpoint.getHost();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : defaultPort;
        if (host == null || !isLoopback(host)) {
            return none("platform CPU not measured: " + endpoint
                    + " is not on a loopback address; give its process with --platform-pid");
        }
        OptionalLong pid = ListeningProcess.pid(port);
        return pid.isPresent()
                ? of(pid.getAsLong(), "listens on port " + port)
                : none("platform CPU not measured: no process found listening on port " + port
                        + " (needs Linux's /proc and the right to read the process's fds); give it with"
                        + " --platform-pid");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static CpuProbe current() {
        return current;
    }

    /** Makes {@code probe} the one every phase from now on reads. */
    public static void use(CpuProbe probe) {
        current = probe;
    }

    public boolean measuresPlatform() {
        return platformPid >= 0;
    }

    /** "pid 1234 (listens on port 4567)", or why the platform is not measured. */
    public String description() {
        return description;
    }

    public Reading read() {
        long platform = -1;
        if (platformPid >= 0) {
            platform = ProcessCpu.nanos(platformPid).orElse(-1);
        }
        return new Reading(platform, ProcessCpu.ownNanos());
    }

    /** CPU nanoseconds used so far; {@code platformNanos} is -1 when unknown. */
    public record Reading(long platformNanos, long clientNanos) {

        /** What was used from {@code start} to this reading. */
        public PhaseCpu since(Reading start) {
            double platform = platformNanos < 0 || start.platformNanos < 0
                    ? Double.NaN
                    : (platformNanos - start.platformNanos) / 1e9;
            return new PhaseCpu(platform, (clientNanos - start.clientNanos) / 1e9);
        }
    }
}
