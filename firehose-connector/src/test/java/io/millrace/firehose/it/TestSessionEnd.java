package io.millrace.firehose.it;

import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared stack once every test of the run is done (registered as a service). Closing it from a JVM
 * shutdown hook raced with Connect's own hook and could end the forked test JVM with a non-zero code.
 */
public final class TestSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Thread stopper = new Thread(TestStack::stopIfStarted, "test-stack-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            // A stack that cannot stop in time is left to the JVM's exit rather than hanging the build.
            stopper.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
