package io.millrace.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.agent.tailing.FilePosition;
import io.millrace.agent.tailing.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private final FilePosition position =
            new FilePosition("/var/log/app.log", "(dev=803,ino=42)", 1234, new Fingerprint(1024, 987654321L));

    @Test
    void whatIsSavedIsWhatTheNextStartReads() {
        Path file = dir.resolve("run/checkpoints");
        CheckpointStore store = CheckpointStore.open(file);
        store.save("kinesis:a:/var/log/app.log*", position, null);
        store.save("kinesis:b:/var/log/b.log", null, new InFlight(1700000000000L, List.of("12.5", "99.25")));

        CheckpointStore reopened = CheckpointStore.open(file);
        assertThat(reopened.get("kinesis:a:/var/log/app.log*")).isEqualTo(position);
        assertThat(reopened.inFlight("kinesis:a:/var/log/app.log*")).isNull();
        assertThat(reopened.get("kinesis:b:/var/log/b.log")).isNull();
        assertThat(reopened.inFlight("kinesis:b:/var/log/b.log"))
                .isEqualTo(new InFlight(1700000000000L, List.of("12.5", "99.25")));
    }

    @Test
    void anAcknowledgedBatchClearsItsInFlightEntry() {
        Path file = dir.resolve("checkpoints");
        CheckpointStore store = CheckpointStore.open(file);
        store.save("flow", null, new InFlight(1L, List.of("1.0")));
        store.save("flow", position, null);

        assertThat(CheckpointStore.open(file).inFlight("flow")).isNull();
        assertThat(CheckpointStore.open(file).get("flow")).isEqualTo(position);
    }

    @Test
    void aTornTemporaryFileFromACrashIsNotRead() throws Exception {
        Path file = dir.resolve("checkpoints");
        CheckpointStore.open(file).save("flow", position, null);
        // A crash in the middle of the next save leaves half a temporary file; the checkpoint itself is whole.
        Files.writeString(dir.resolve("checkpoints.tmp"), "{\"flows\":{\"flow\":{\"pa");

        assertThat(CheckpointStore.open(file).get("flow")).isEqualTo(position);
    }
}
