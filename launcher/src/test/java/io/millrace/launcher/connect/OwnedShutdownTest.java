package io.millrace.launcher.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

/**
 * The shutdown hooks Kafka code adds while the launcher starts a part it stops itself are handed back, not registered:
 * Connect's own SIGTERM hook would otherwise stop the worker beside the launcher's stop sequence.
 */
class OwnedShutdownTest {

    @Test
    void aHookAddedInsideTheStartIsKeptNotRegistered() throws Exception {
        List<Runnable> kept = new ArrayList<>();
        Runnable hook = () -> {};

        String started = OwnedShutdown.keeping(kept, () -> {
            Exit.addShutdownHook("connect-shutdown-hook", hook);
            return "started";
        });

        assertThat(started).isEqualTo("started");
        assertThat(kept).containsExactly(hook);
    }

    @Test
    void aHookAddedByAnotherThreadMeanwhileIsNotKept() throws Exception {
        List<Runnable> kept = new ArrayList<>();
        Runnable other = () -> {};

        OwnedShutdown.keeping(
                kept,
                () -> CompletableFuture.runAsync(() -> Exit.addShutdownHook("another-part", other))
                        .get(10, TimeUnit.SECONDS));

        assertThat(kept).isEmpty();
    }

    @Test
    void aHookAddedAfterTheStartIsNotKept() throws Exception {
        List<Runnable> kept = new ArrayList<>();
        OwnedShutdown.keeping(kept, () -> null);

        Exit.addShutdownHook("after", () -> {});

        assertThat(kept).isEmpty();
    }
}
