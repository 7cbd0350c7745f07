package io.millrace.launcher.net;

import io.millrace.launcher.exit.LauncherException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** TCP ports the launcher is about to listen on. */
public final class Ports {

    private Ports() {}

    /**
     * Fails with a one-line message naming the port when another process holds it. Checked before anything starts,
     * so a busy port never leaves a half-started platform behind; {@code what} says which option to change.
     */
    public static void requireFree(String bindAddress, int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        } catch (BindException e) {
            throw inUse(bindAddress, port, what);
        } catch (IOException e) {
            throw new LauncherException(
                    "cannot listen on " + bindAddress + ":" + port + " (" + what + "): " + e.getMessage());
        }
    }

    public static LauncherException inUse(String bindAddress, int port, String what) {
        return new LauncherException("port " + port + " on " + bindAddress + " is already in use (" + what + ")");
    }

    /**
     * A port free right now on the loopback address, for options given as 0. Taken below the kernel's ephemeral
     * range when there is room: the port is bound later, by a part that starts while others open client
     * connections, and a port from the ephemeral range can meanwhile become the local end of any of them (a Flink
     * mini-cluster once failed to start on a port so taken).
     */
    public static int pickFree() {
        int below = ephemeralRangeStart();
        if (below - FIRST_PICKED > 1_000) {
            for (int attempt = 0; attempt < 100; attempt++) {
                int candidate = ThreadLocalRandom.current().nextInt(FIRST_PICKED, below);
                if (isFree(candidate)) {
                    return candidate;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Above the platform's default ports (4567, 8081, 8083, 9000, 9092, ...). */
    private static final int FIRST_PICKED = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Linux's first ephemeral port; 32768, the usual default, when the kernel does not say. */
    static int ephemeralRangeStart() {
        try {
            // A line read, not Files.readString: procfs reports a size of 0, and a read sized by it can come back
            // short.
            try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a start-up failure was, somewhere down its causes, a failed bind. */
    public static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
