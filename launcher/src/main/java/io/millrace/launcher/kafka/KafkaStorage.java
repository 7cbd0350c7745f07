package io.millrace.launcher.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker's data directory: KRaft refuses to start on storage that was not formatted first. */
final class KafkaStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KafkaStorage() {}

    /** Formats {@code settings.logDir()} as a new cluster unless it already holds one, whose data is then kept. */
    static void formatIfNeeded(EmbeddedKafkaSettings settings) throws Exception {
        Path dir = settings.logDir();
        if (Files.exists(dir.resolve(META_PROPERTIES))) {
            return;
        }
        Files.createDirectories(dir);
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                // The formatter reports to stdout, which belongs to the ready line.
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(EmbeddedKafkaSettings.NODE_ID)
                .setClusterId(clusterId)
                .setControllerListenerName(EmbeddedKafkaSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dir.toString())
                .addDirectory(dir.toString())
                .run();
        LOG.info("Formatted new Kafka storage in {} (cluster id {})", dir, clusterId);
    }
}
