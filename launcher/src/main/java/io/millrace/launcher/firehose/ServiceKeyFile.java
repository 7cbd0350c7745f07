package io.millrace.launcher.firehose;

import io.millrace.firehose.api.FirehoseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The key that wraps delivery streams' data keys (Start/StopDeliveryStreamEncryption) when {@code millrace up} runs
 * them: the configured {@code millrace.firehose.encryption-service-key}, or one made once and kept in the data
 * directory, so that encryption works out of the box and a restart can still read what it encrypted. Several
 * gateways on one cluster must share it: configure it explicitly there.
 */
public final class ServiceKeyFile {

    static final String FILE = "firehose/service.key";
    private static final int KEY_BYTES = 32;

    private ServiceKeyFile() {}

    /** {@code config} with a service key: its own, or the data directory's, created when missing. */
    public static FirehoseConfig applyTo(FirehoseConfig config, Path dataDir) {
        if (!config.getPassword(FirehoseConfig.ENCRYPTION_SERVICE_KEY).value().isEmpty()) {
            return config;
        }
        Map<String, Object> props = new HashMap<>(config.originals());
        props.put(FirehoseConfig.ENCRYPTION_SERVICE_KEY, loadOrCreate(dataDir.resolve(FILE)));
        return new FirehoseConfig(props);
    }

    static String loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(key);
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                } catch (FileAlreadyExistsException e) {
                    // Another start made it first: use theirs.
                } catch (UnsupportedOperationException e) {
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the Firehose service key " + file, e);
        }
    }
}
