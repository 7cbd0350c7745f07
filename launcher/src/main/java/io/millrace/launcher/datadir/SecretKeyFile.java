package io.millrace.launcher.datadir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random 256-bit key kept in the data directory (base64, mode 600), made at the first start that needs it and
 * read by every later one: what encrypts the platform's secrets out of the box, outside Kafka. Several gateways of one
 * cluster must share such keys: there, each is configured explicitly instead.
 */
public final class SecretKeyFile {

    private static final int KEY_BYTES = 32;

    private SecretKeyFile() {}

    /** The key in {@code file}, created first when missing; {@code what} names it in an error. */
    public static String loadOrCreate(Path file, String what) {
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
            throw new UncheckedIOException("Cannot read or create " + what + " " + file, e);
        }
    }
}
