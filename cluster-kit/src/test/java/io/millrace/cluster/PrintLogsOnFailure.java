package io.millrace.cluster;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** A failed cluster test prints the end of every host's log: the broker, gateway or worker that misbehaved. */
final class PrintLogsOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        context.getTestInstance().ifPresent(instance -> {
            try {
                Field field = instance.getClass().getDeclaredField("cluster");
                Object cluster = field.get(instance);
                if (cluster instanceof MillraceCluster running) {
                    System.err.println("==== host logs of the failed " + context.getDisplayName() + " ====\n"
                            + running.logTails(40));
                }
            } catch (ReflectiveOperationException e) {
                System.err.println("(no cluster field to print the logs of: " + e + ")");
            }
        });
    }
}
