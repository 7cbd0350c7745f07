package io.millrace.kinesis.testkit;

import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared broker and gateways once every test of the run is done (registered as a service). */
public final class TestSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Thread stopper = new Thread(EmbeddedKafka::stop, "embedded-kafka-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            // A broker that cannot stop in time is left to the JVM's exit rather than hanging the build.
            stopper.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
