package io.millrace.agent.tailing;

import io.millrace.agent.config.FlowConfig;
import io.millrace.agent.config.FlowConfig.InitialPosition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one flow's files as the agent does: the newest file matching the pattern, read to its end; when a newer
 * matching file appears (rotation by rename: the renamed file keeps its identity, a new one takes the name), the
 * current one is finished first, then the next newer one is taken from its start. A file whose head changed or that
 * shrank under the read offset was truncated (copytruncate): it is read again from its start. A copy of the current
 * file (same head) is not a new file.
 */
public final class FileTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileTracker.class);

    private static final long HEAD_CHECK_NANOS = 100_000_000;

    private final FlowConfig flow;
    private final int maxRecordSize;
    private final PathMatcher matcher;
    private final Set<String> finished = new HashSet<>();
    private FilePosition resumeFrom;
    private boolean started;
    private TrackedFile current;
    private RecordSplitter splitter;
    private long consumed;
    private long lastHeadCheck = System.nanoTime();
    private boolean idle = true;

    /** @param resumeFrom the checkpoint of the flow, or null to start per initialPosition */
    public FileTracker(FlowConfig flow, int maxRecordSize, FilePosition resumeFrom) {
        this.flow = flow;
        this.maxRecordSize = maxRecordSize;
        this.resumeFrom = resumeFrom;
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + flow.fileGlob());
    }

    /** The next record of the flow's files, or null when nothing new is there now. */
    public ParsedRecord next() throws IOException {
        if (current == null && !openFirst()) {
            return null;
        }
        while (true) {
            if (truncated()) {
                LOG.info("{}: {} was truncated; reading it again from its start", flow.id(), current.path());
                current.restart();
                open(current, 0);
            }
            RecordSplitter.Cut cut = splitter.next(false);
            if (cut != null) {
                return record(cut);
            }
            Path nextFile = newerFile();
            if (nextFile == null) {
                idle = true;
                return null;
            }
            // Rotated: whatever the old file still has is its last, a line without newline included.
            cut = splitter.next(true);
            if (cut != null) {
                return record(cut);
            }
            TrackedFile next = TrackedFile.open(nextFile);
            if (next == null) {
                return null;
            }
            LOG.info("{}: {} is done (rotated); now tailing {}", flow.id(), current.path(), next.path());
            finished.add(current.key());
            current.close();
            open(next, 0);
        }
    }

    /**
     * Whether the current file was truncated: its size is looked at for every record; its head (a read of up to
     * 1 KiB), which tells a truncation followed by more writing than was read before, after every pause at the end of
     * the file and at most every {@link #HEAD_CHECK_NANOS} while reading on.
     */
    private boolean truncated() throws IOException {
        if (current.size() < consumed) {
            return true;
        }
        long now = System.nanoTime();
        if (!idle && now - lastHeadCheck < HEAD_CHECK_NANOS) {
            return false;
        }
        idle = false;
        lastHeadCheck = now;
        return current.truncatedBelow(consumed);
    }

    private ParsedRecord record(RecordSplitter.Cut cut) throws IOException {
        consumed = cut.end();
        FilePosition position =
                new FilePosition(current.path().toString(), current.key(), cut.end(), current.fingerprint());
        return new ParsedRecord(cut.data(), position);
    }

    private void open(TrackedFile file, long offset) {
        current = file;
        consumed = offset;
        splitter = new RecordSplitter(
                file,
                offset,
                flow.skipHeaderLines(),
                flow.multiLineStart(),
                maxRecordSize,
                flow.truncatedRecordTerminator());
    }

    /** The file to start with: the checkpointed one where it is now, else the newest matching file. */
    private boolean openFirst() throws IOException {
        if (resumeFrom != null) {
            FilePosition checkpoint = resumeFrom;
            resumeFrom = null;
            started = true;
            if (resume(checkpoint)) {
                return true;
            }
        }
        List<Path> files = matchingFiles();
        if (files.isEmpty()) {
            // END_OF_FILE is for files there at the start: one that appears later is read from its start.
            started = true;
            return false;
        }
        Path newest = files.get(files.size() - 1);
        TrackedFile file = TrackedFile.open(newest);
        if (file == null) {
            return false;
        }
        // END_OF_FILE applies to what is there when the agent starts; a file that appears later is read whole.
        long offset = !started && flow.initialPosition() == InitialPosition.END_OF_FILE ? file.size() : 0;
        started = true;
        LOG.info("{}: tailing {} from offset {}", flow.id(), newest, offset);
        open(file, offset);
        return true;
    }

    private boolean resume(FilePosition checkpoint) throws IOException {
        for (Path candidate : candidatesFor(checkpoint)) {
            TrackedFile file = TrackedFile.open(candidate);
            if (file == null) {
                continue;
            }
            if (file.key().equals(checkpoint.key())
                    && file.size() >= checkpoint.offset()
                    && checkpoint.fingerprint().matches(file.channel())) {
                LOG.info("{}: resuming {} at offset {} (checkpoint)", flow.id(), candidate, checkpoint.offset());
                open(file, checkpoint.offset());
                return true;
            }
            file.close();
        }
        // The checkpointed file is gone or was rewritten: every file newer than the checkpoint is new.
        LOG.info(
                "{}: the checkpointed file {} is gone or changed; starting from newer files",
                flow.id(),
                checkpoint.path());
        return false;
    }

    /** Where the checkpointed file may be now: any file of the directory with its identity, its old path first. */
    private List<Path> candidatesFor(FilePosition checkpoint) throws IOException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(checkpoint.path()));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(flow.directory())) {
            for (Path entry : entries) {
                if (checkpoint.key().equals(TrackedFile.key(entry)) && !candidates.contains(entry)) {
                    candidates.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return candidates;
        }
        return candidates;
    }

    /**
     * The oldest matching file modified after the current one that is neither the current file under another name, a
     * file already finished, nor a copy of the current file's head; null when there is none.
     */
    private Path newerFile() throws IOException {
        FileTime reference = lastModifiedOfCurrent();
        for (Path file : matchingFiles()) {
            String key = TrackedFile.key(file);
            if (key == null || key.equals(current.key()) || finished.contains(key)) {
                continue;
            }
            FileTime modified;
            try {
                modified = TrackedFile.modified(file);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (reference != null && modified.compareTo(reference) <= 0) {
                continue;
            }
            if (isCopyOfCurrent(file)) {
                continue;
            }
            return file;
        }
        return null;
    }

    /** The current file's modification time, wherever it is now (found by identity), or null when it is gone. */
    private FileTime lastModifiedOfCurrent() throws IOException {
        try {
            if (current.key().equals(TrackedFile.key(current.path()))) {
                return TrackedFile.modified(current.path());
            }
        } catch (NoSuchFileException e) {
            // Renamed: looked for below.
        }
        for (Path file : matchingFiles()) {
            if (current.key().equals(TrackedFile.key(file))) {
                return TrackedFile.modified(file);
            }
        }
        return null;
    }

    private boolean isCopyOfCurrent(Path file) throws IOException {
        Fingerprint head = current.fingerprint();
        if (head.length() == 0) {
            return false;
        }
        try (TrackedFile other = TrackedFile.open(file)) {
            return other != null && head.matches(other.channel());
        }
    }

    /** Files of the directory matching the glob, oldest modification first. */
    private List<Path> matchingFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        List<FileTime> times = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(flow.directory())) {
            for (Path entry : entries) {
                if (!matcher.matches(entry.getFileName()) || !Files.isRegularFile(entry)) {
                    continue;
                }
                try {
                    times.add(TrackedFile.modified(entry));
                    files.add(entry);
                } catch (NoSuchFileException e) {
                    // Rotated away between the listing and the look.
                }
            }
        } catch (NoSuchFileException e) {
            return files;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> times.get(a).compareTo(times.get(b)));
        List<Path> sorted = new ArrayList<>();
        for (int i : order) {
            sorted.add(files.get(i));
        }
        return sorted;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
