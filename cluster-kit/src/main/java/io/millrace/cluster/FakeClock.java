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
                "1");
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
