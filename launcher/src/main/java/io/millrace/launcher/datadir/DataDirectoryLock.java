package io.millrace.launcher.datadir;

import io.millrace.launcher.exit.LauncherException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a data directory, held for the life of the process that owns the directory's data (the
 * embedded broker's log, the S3 store, savepoints, keys). A second process on the same directory is refused before
 * it opens anything: two brokers on one KRaft log corrupt it. The lock is the kernel's ({@code fcntl}), so a process
 * that dies, even by {@code kill -9}, releases it; the PID written in the file is only there to name the holder.
 */
public final class DataDirectoryLock implements AutoCloseable {

    /** The lock file, inside the data directory. */
    public static final String FILE = ".lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, creating the directory if needed, or fails with one line naming the directory and the PID of
     * the process holding it.
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize();
        Path file = directory.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very JVM holds it already
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new LauncherException("data directory " + directory + " is in use by process " + holder
                        + "; stop that process or give another --data-dir");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new DataDirectoryLock(directory, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LauncherException("data directory " + directory + " cannot be locked: " + e.getMessage());
        }
    }

    public Path directory() {
        return directory;
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d+") ? pid : "(unknown PID)";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Releases the lock; the PID stays in the file, which only a holder of the lock reads as current. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
