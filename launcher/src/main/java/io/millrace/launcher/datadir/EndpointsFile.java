package io.millrace.launcher.datadir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code DATA/endpoints.properties}: where the running {@code millrace up} of a data directory answers (keys
 * {@code kinesis}, {@code kinesis-https}, {@code ca} and {@code truststore} when served, {@code kafka}, {@code s3},
 * {@code connect}, {@code flink}), so that tools run beside it, such as
 * {@code millrace sql}, find the platform with no option. Written when the platform is ready, removed when it
 * stops; a file left by a killed process is recognised by the data directory's lock being free.
 */
public final class EndpointsFile {

    public static final String FILE = "endpoints.properties";

    private EndpointsFile() {}

    /** Writes the file atomically: a reader never sees half of it. */
    public static void write(Path dataDir, Map<String, String> endpoints) throws IOException {
        Properties properties = new Properties();
        properties.putAll(new TreeMap<>(endpoints));
        Path target = dataDir.resolve(FILE);
        Path temporary = dataDir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(out, "where the millrace up holding this data directory answers");
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE));
    }
}
