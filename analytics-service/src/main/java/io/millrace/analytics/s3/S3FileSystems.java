package io.millrace.analytics.s3;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.FileSystem;

/**
 * Flink's S3 file system ({@code flink-s3-fs-hadoop}: Hadoop's s3a, with the recoverable writer FileSink needs for
 * exactly-once) set up from {@link S3Options}. Flink file systems are configured per process: a Flink cluster takes
 * the keys of {@link #flinkConfiguration} in its own configuration; a process running jobs on a local mini-cluster
 * calls {@link #initialize} before submitting them.
 */
public final class S3FileSystems {

    private static final String PREFIX = "millrace.s3.";

    private S3FileSystems() {}

    /** The keys of Flink's S3 file system ({@code s3.*}, handed to s3a as {@code fs.s3a.*}). */
    public static Configuration flinkConfiguration(ReadableConfig options) {
        Configuration flink = new Configuration();
        options.getOptional(S3Options.ENDPOINT).ifPresent(endpoint -> flink.setString("s3.endpoint", endpoint));
        flink.setString("s3.endpoint.region", options.get(S3Options.REGION));
        flink.setString("s3.path.style.access", Boolean.toString(options.get(S3Options.PATH_STYLE_ACCESS)));
        options.getOptional(S3Options.ACCESS_KEY_ID).ifPresent(id -> flink.setString("s3.access-key", id));
        options.getOptional(S3Options.SECRET_ACCESS_KEY).ifPresent(key -> flink.setString("s3.secret-key", key));
        return flink;
    }

    /** {@link #initialize} when any {@code millrace.s3.*} option is set; else leaves the process's file systems. */
    public static void initializeIfConfigured(Configuration options) {
        if (options.keySet().stream().anyMatch(key -> key.startsWith(PREFIX))) {
            initialize(options);
        }
    }

    /** Registers {@code s3://} for this process with these options (file systems already open are replaced). */
    public static void initialize(ReadableConfig options) {
        FileSystem.initialize(flinkConfiguration(options), null);
    }
}
