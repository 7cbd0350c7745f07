package io.millrace.launcher.net;

import io.millrace.launcher.exit.LauncherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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

    /** A port free right now on the loopback address, for options given as 0. */
    public static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
