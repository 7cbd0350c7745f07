package io.millrace.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the tests of one JVM share (a broker, gateways on it, a Connect worker) and close once, when the test session
 * ends: the last registered first, so a gateway closes before the broker it uses. Closing them from a JVM shutdown
 * hook raced the JVM's exit (and Connect's own hook), and ended the forked test JVM with an error code now and then
 * after every test had passed.
 */
public final class TestSession {

    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    private TestSession() {}

    /** Closes {@code resource} when the test session ends, before everything registered earlier. */
    public static synchronized void closeAtEnd(AutoCloseable resource) {
        OPEN.push(resource);
    }

    static void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (TestSession.class) {
                next = OPEN.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                // The run is over; what is below still gets closed.
            }
        }
    }
}
