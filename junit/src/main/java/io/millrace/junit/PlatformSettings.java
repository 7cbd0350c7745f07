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

    /** The environment variable with which this project's test runs choose GetRecords' read path. */
    static final String READ_PATH_VARIABLE = "MILLRACE_TEST_READ_PATH";

    private static final String READ_PATH_KEY = "millrace.kinesis.read-path";

    static PlatformSettings of(MillraceTest test) {
        return of(test, System.getenv(READ_PATH_VARIABLE));
    }

    /**
     * The test's settings, plus {@code millrace.kinesis.read-path=readPath} when {@code readPath} is given and the
     * test sets no read path of its own: {@code MILLRACE_TEST_READ_PATH=fetch} (or {@code consumer}) runs every
     * platform of a test run on that GetRecords path, as it does this project's other test gateways.
     */
    static PlatformSettings of(MillraceTest test, String readPath) {
        List<String> config = new ArrayList<>(List.of(test.config()));
        if (readPath != null && config.stream().noneMatch(line -> line.startsWith(READ_PATH_KEY + "="))) {
            config.add(READ_PATH_KEY + "=" + readPath);
        }
        return new PlatformSettings(test.shardLimits(), test.flink(), config);
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
