package io.millrace.launcher.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.launcher.exit.ExitCodes;
import io.millrace.launcher.exit.LauncherException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path work;

    @Test
    void createsTheDirectoryAndNamesItsHolder() throws Exception {
        Path data = work.resolve("fresh/data");
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
            assertThat(lock.directory()).isEqualTo(data.toAbsolutePath());
            assertThat(Files.readString(data.resolve(DataDirectoryLock.FILE)).trim())
                    .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        }
    }

    @Test
    void aSecondHolderIsRefusedWithTheDirectoryAndThePid() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(work)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(work.resolve("./")))
                    .isInstanceOf(LauncherException.class)
                    .hasMessage("data directory " + work.toAbsolutePath() + " is in use by process "
                            + ProcessHandle.current().pid() + "; stop that process or give another --data-dir")
                    .extracting(e -> ((LauncherException) e).exitCode())
                    .isEqualTo(ExitCodes.FAILURE);
        }
    }

    @Test
    void aReleasedDirectoryCanBeTakenAgain() throws Exception {
        DataDirectoryLock.acquire(work).close();
        try (DataDirectoryLock again = DataDirectoryLock.acquire(work)) {
            assertThat(again.directory()).isEqualTo(work.toAbsolutePath());
        }
    }

    @Test
    void anUnusableDirectoryIsOneLineNotATrace() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> DataDirectoryLock.acquire(file))
                .isInstanceOf(LauncherException.class)
                .hasMessageStartingWith("data directory " + file.toAbsolutePath() + " cannot be locked");
    }
}
