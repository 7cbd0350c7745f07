package io.millrace.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link MillraceTest} asks of its platform, and the key under which a platform is shared: two classes with
 * equal settings share one.
 *
 * @param shardLimits Kinesis's per-shard throughput limits on or off
 * @param flink       whether a Flink mini-cluster runs
 * @param config      configuration keys, {@code key=value}, in the order given
 */
record PlatformSettings(boolean shardLimits, boolean flink, List<String> config) {

    PlatformSettings {
        config = List.copyOf(config);
        for (String line : config) {
            if (line.indexOf('=') <= 0) {
                throw new IllegalArgumentException(
                        "@MillraceTest(config = ...) takes key=value settings, not \"" + line + "\"");
            }
        }
    }

    static PlatformSettings of(MillraceTest test) {
        return new PlatformSettings(test.shardLimits(), test.flink(), List.of(test.config()));
    }

    /**
     * The options of {@code millrace up}: every port free (0), plain HTTP only (no local CA to make), the data in
     * {@code dataDir}, and {@code configFile} when there are configuration keys.
     */
    List<String> upOptions(Path dataDir, Path configFile) {
        List<String> options = new ArrayList<>(List.of(
                "--data-dir",
                dataDir.toString(),
                "--port",
                "0",
                "--tls-port",
                "off",
                "--kafka-port",
                "0",
                "--s3-port",
                "0",
                "--connect-port",
                "0",
                "--flink-port",
                "0",
                "--shard-limits",
                shardLimits ? "aws" : "off"));
        if (!config.isEmpty()) {
            options.addAll(List.of("--config", configFile.toString()));
        }
        return options;
    }

    /** The configuration file's text: one key=value line each. */
    String configFileText() {
        return String.join("\n", config) + "\n";
    }
}
