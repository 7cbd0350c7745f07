package io.millrace.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A host's wall clock set apart from the machine's. Network namespaces share the machine's clock (Linux time
 * namespaces offset only the monotonic and boot clocks), and stepping the real clock would step every host, so the
 * JVM of such a host runs with libfaketime preloaded (Debian's {@code libfaketime}): its wall clock reads the machine's
 * plus an offset kept in a file that libfaketime reads again every second. Its monotonic clock stays real, as NTP
 * leaves it when it steps the wall clock.
 *
 * <p>libfaketime's "monotonic fix" must be off ({@code FAKETIME_FORCE_MONOTONIC_FIX=0}). Debian's 0.9.10 turns it on
 * by itself for the glibc it finds here, and with it (and the monotonic clock left real) it converts the deadlines
 * the JVM gives {@code pthread_cond_timedwait} wrongly: HotSpot waits on condition variables of CLOCK_MONOTONIC, and
 * under the fix a 200 ms {@code Object.wait} returned within 0.1 ms, a 200 ms {@code LockSupport.parkNanos} within
 * 55 ms, and a 200 ms {@code Thread.sleep} took 0.7 to 1.2 s (JDK 17.0.15, glibc 2.36, measured here; all 200 ms with
 * the fix off). Every timed wait of a gateway went wrong, its Kafka clients' and HTTP server's included: the gateways
 * that answered nothing for 90 s before any clock step. libfaketime's README warns of it (the fix "would cause certain
 * intercepted functions such as pthread_cond_timedwait() return with a time-out too early or too late"); it is for
 * glibc versions whose monotonic condition variables hang without it, which this one's do not.
 */
public final class FakeClock {

    /** Where Debian's libfaketime package puts its library for multi-threaded programs. */
    public static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

    private final Path offsetFile;
    private volatile Duration offset = Duration.ZERO;

    private FakeClock(Path offsetFile) {
        this.offsetFile = offsetFile;
    }

    /** Whether this machine has libfaketime. */
    public static boolean available() {
        return Files.isRegularFile(LIBRARY);
    }

    /** A clock with no offset yet, kept in {@code offsetFile}. */
    static FakeClock create(Path offsetFile) throws IOException {
        FakeClock clock = new FakeClock(offsetFile);
        Files.createDirectories(offsetFile.getParent());
        clock.write(Duration.ZERO);
        return clock;
    }

    /** The environment that makes a process run on this clock. */
    Map<String, String> environment() {
        return Map.of(
                "LD_PRELOAD",
                LIBRARY.toString(),
                "FAKETIME_TIMESTAMP_FILE",
                offsetFile.toString(),
                "FAKETIME_CACHE_DURATION",
                "1",
                "FAKETIME_DONT_FAKE_MONOTONIC",
                "1",
                "FAKETIME_FORCE_MONOTONIC_FIX",
                "0");
    }

    /**
     * Steps the wall clock to {@code offset} from the machine's (negative: behind it); the process sees the step
     * within a second.
     */
    public void stepTo(Duration offset) {
        try {
            write(offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.offset = offset;
    }

    public Duration offset() {
        return offset;
    }

    private void write(Duration value) throws IOException {
        // libfaketime's relative form: "+1.5" or "-0.400", seconds.
        String seconds = String.format(Locale.ROOT, "%+.3f", value.toMillis() / 1000.0);
        Path temporary = offsetFile.resolveSibling(offsetFile.getFileName() + ".new");
        Files.writeString(temporary, seconds + "\n");
        Files.move(temporary, offsetFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
