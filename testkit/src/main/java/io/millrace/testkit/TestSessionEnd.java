package io.millrace.testkit;

import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Closes what the tests shared once every test of the run is done (registered as a service of this jar). */
public final class TestSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Thread closer = new Thread(TestSession::closeAll, "test-session-end");
        closer.setDaemon(true);
        closer.start();
        try {
            // Something that cannot close in time is left to the JVM's exit rather than hanging the build.
            closer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
