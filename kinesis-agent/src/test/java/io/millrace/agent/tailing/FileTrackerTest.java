package io.millrace.agent.tailing;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.agent.config.AgentConfigReader;
import io.millrace.agent.config.FlowConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation as logrotate does it, seen by the tracker: by rename (create) and by copytruncate. */
class FileTrackerTest {

    @TempDir
    Path dir;

    private FlowConfig flow(String extra) {
        return AgentConfigReader.parse("{\"flows\":[{\"filePattern\":\"" + dir.resolve("app.log*")
                        + "\",\"kinesisStream\":\"s\",\"initialPosition\":\"START_OF_FILE\"" + extra + "}]}")
                .flows()
                .get(0);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> drain(FileTracker tracker) throws IOException {
        List<String> lines = new ArrayList<>();
        for (ParsedRecord record = tracker.next(); record != null; record = tracker.next()) {
            lines.add(record.data() == null ? "<skipped>" : new String(record.data(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void renameRotationFinishesTheOldFileThenTakesTheNewOne() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "one\ntwo\n");
        try (FileTracker tracker = new FileTracker(flow(""), 1024, null)) {
            assertThat(drain(tracker)).containsExactly("one\n", "two\n");
            append(log, "three\n");
            Files.move(log, dir.resolve("app.log.1"));
            // The writer still had the old file open: its last line lands after the rename.
            append(dir.resolve("app.log.1"), "four\n");
            Thread.sleep(20);
            append(log, "five\n");
            assertThat(drain(tracker)).containsExactly("three\n", "four\n", "five\n");
            append(log, "six\n");
            assertThat(drain(tracker)).containsExactly("six\n");
        }
    }

    @Test
    void copyTruncateReadsTheFileAgainFromItsStartAndIgnoresTheCopy() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "line-1\nline-2\nline-3\n");
        try (FileTracker tracker = new FileTracker(flow(""), 1024, null)) {
            assertThat(drain(tracker)).hasSize(3);
            Files.copy(log, dir.resolve("app.log.1"), StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(20);
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            assertThat(drain(tracker)).isEmpty();
            append(log, "line-4\n");
            assertThat(drain(tracker)).containsExactly("line-4\n");
            // Truncated and written past the old offset before the tracker looked: the new head gives it away.
            Files.writeString(log, "line-5 is long enough to be past the old offset\nline-6\n");
            assertThat(drain(tracker)).containsExactly("line-5 is long enough to be past the old offset\n", "line-6\n");
        }
    }

    @Test
    void resumesFromACheckpointOnTheRenamedFile() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "a\nb\n");
        FilePosition afterA;
        try (FileTracker tracker = new FileTracker(flow(""), 1024, null)) {
            afterA = tracker.next().position();
        }
        Files.move(log, dir.resolve("app.log.1"));
        Thread.sleep(20);
        append(log, "c\n");
        try (FileTracker tracker = new FileTracker(flow(""), 1024, afterA)) {
            assertThat(drain(tracker)).containsExactly("b\n", "c\n");
        }
    }

    @Test
    void multiLineRecordsHeaderLinesAndTruncation() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "header\n[1] start\n  more\n[2] a very long record indeed\n[3] next\n");
        FlowConfig flow = flow(
                ",\"multiLineStartPattern\":\"^\\\\[\",\"skipHeaderLines\":1," + "\"truncatedRecordTerminator\":\"~\"");
        try (FileTracker tracker = new FileTracker(flow, 20, null)) {
            // [3] waits for the next start line: the file may not be done with it.
            assertThat(drain(tracker)).containsExactly("<skipped>", "[1] start\n  more\n", "[2] a very long rec~");
            append(log, "[4]\n");
            assertThat(drain(tracker)).containsExactly("[3] next\n");
        }
    }
}
