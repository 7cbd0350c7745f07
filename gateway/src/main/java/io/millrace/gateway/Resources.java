package io.millrace.gateway;

import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a hosted service opened, closed newest first; one that fails to close is logged and the rest still close. */
public final class Resources {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private Resources() {}

    /** Pops and closes every resource; {@code owner} names the service in the log line of a failure. */
    public static void closeAll(Deque<AutoCloseable> resources, String owner) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("Error while stopping {}: {}", owner, e.toString());
            }
        }
    }
}
