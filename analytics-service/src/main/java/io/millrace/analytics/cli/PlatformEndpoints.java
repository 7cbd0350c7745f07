package io.millrace.analytics.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The endpoints of the {@code millrace up} running on a data directory, read from the {@code endpoints.properties}
 * it writes there when ready. The file counts only while its writer runs: {@code up} holds the directory's
 * {@code .lock} for its whole life, so a lock this process can take means the file is a leftover of a killed one.
 */
final class PlatformEndpoints {

    static final String FILE = "endpoints.properties";
    /** The lock file of the launcher's data directory guard. */
    static final String LOCK = ".lock";

    private PlatformEndpoints() {}

    /** The running platform's Kafka bootstrap servers, if one runs on {@code dataDir}. */
    static Optional<String> kafka(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file) || !heldByAnotherProcess(dataDir.resolve(LOCK))) {
            return Optional.empty();
        }
        Properties endpoints = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            endpoints.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(endpoints.getProperty("kafka")).filter(s -> !s.isBlank());
    }

    private static boolean heldByAnotherProcess(Path lockFile) {
        if (!Files.isRegularFile(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this very JVM runs the platform (tests)
        } catch (IOException e) {
            return false;
        }
    }
}
