package io.millrace.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlatformEndpointsTest {

    @TempDir
    Path data;

    @Test
    void theKafkaOfARunningPlatformIsFound() throws Exception {
        Files.writeString(data.resolve(PlatformEndpoints.FILE), "kafka=127.0.0.1:39092\nkinesis=http://x:1\n");
        try (FileChannel channel = FileChannel.open(
                        data.resolve(PlatformEndpoints.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock running = channel.lock()) {
            assertThat(PlatformEndpoints.kafka(data)).contains("127.0.0.1:39092");
            assertThat(options("--data-dir", data.toString()).resolvedBootstrapServers())
                    .isEqualTo("127.0.0.1:39092");
            assertThat(options("--data-dir", data.toString(), "--bootstrap-servers", "given:1")
                            .resolvedBootstrapServers())
                    .isEqualTo("given:1");
        }
    }

    @Test
    void aFileLeftByAKilledPlatformIsIgnored() throws Exception {
        Files.writeString(data.resolve(PlatformEndpoints.FILE), "kafka=127.0.0.1:39092\n");
        Files.writeString(data.resolve(PlatformEndpoints.LOCK), "12345\n");
        assertThat(PlatformEndpoints.kafka(data)).isEmpty();
        assertThat(options("--data-dir", data.toString()).resolvedBootstrapServers())
                .isEqualTo(SessionOptions.UP_DEFAULT_KAFKA);
    }

    @Test
    void withNoDataDirectoryUpsDefaultKafkaIsUsed() {
        assertThat(options("--data-dir", data.resolve("none").toString()).resolvedBootstrapServers())
                .isEqualTo(System.getenv().getOrDefault("MILLRACE_BOOTSTRAP_SERVERS", SessionOptions.UP_DEFAULT_KAFKA));
    }

    private static SessionOptions options(String... args) {
        SessionOptions options = new SessionOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
