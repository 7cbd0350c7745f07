package io.millrace.agent.tailing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A file being read, held open: a rename leaves the channel on the same file, so a rotated file is finished from where
 * it was. Its identity is the file system's file key (device and inode on Unix), as the agent's FileId.
 */
public final class TrackedFile implements AutoCloseable {

    private final Path path;
    private final String key;
    private final FileChannel channel;
    private Fingerprint fingerprint = Fingerprint.EMPTY;

    private TrackedFile(Path path, String key, FileChannel channel) {
        this.path = path;
        this.key = key;
        this.channel = channel;
    }

    /** Opens the file at {@code path}; null when it is gone, or was replaced between the look and the open. */
    public static TrackedFile open(Path path) throws IOException {
        String before = key(path);
        if (before == null) {
            return null;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!before.equals(key(path))) {
            channel.close();
            return null;
        }
        TrackedFile file = new TrackedFile(path, before, channel);
        file.refreshFingerprint();
        return file;
    }

    /** The identity of the file now at {@code path}, or null when there is none. */
    public static String key(Path path) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object fileKey = attributes.fileKey();
            return fileKey == null ? path.toAbsolutePath().toString() : fileKey.toString();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static FileTime modified(Path path) throws IOException {
        return Files.getLastModifiedTime(path);
    }

    public Path path() {
        return path;
    }

    public String key() {
        return key;
    }

    public FileChannel channel() {
        return channel;
    }

    public long size() throws IOException {
        return channel.size();
    }

    /** The head fingerprint, grown with the file until it covers {@link Fingerprint#SIZE} bytes. */
    public Fingerprint fingerprint() throws IOException {
        if (fingerprint.length() < Fingerprint.SIZE) {
            refreshFingerprint();
        }
        return fingerprint;
    }

    private void refreshFingerprint() throws IOException {
        Fingerprint now = Fingerprint.of(channel);
        if (now.length() >= fingerprint.length()) {
            fingerprint = now;
        }
    }

    /**
     * Whether the file was truncated under us (copytruncate): it is shorter than what was read, or its head is no
     * longer the head it had.
     */
    public boolean truncatedBelow(long offset) throws IOException {
        if (channel.size() < offset) {
            return true;
        }
        return !fingerprint.matches(channel);
    }

    /** Forgets the old head after a truncation: what the file holds now is new. */
    public void restart() throws IOException {
        fingerprint = Fingerprint.EMPTY;
        refreshFingerprint();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
