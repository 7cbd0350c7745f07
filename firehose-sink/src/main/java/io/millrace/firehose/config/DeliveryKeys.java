package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** How delivery runs: the local buffer directory, S3 write retries, the legacy segment log in S3. */
public final class DeliveryKeys {
    static final String GROUP = "Delivery";

    public static final String BUFFER_DIRECTORY = "buffer.directory";
    public static final String SEGMENT_LOG_BUCKET = "segment.log.bucket";
    public static final String SEGMENT_LOG_PREFIX = "segment.log.prefix";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String ENCRYPTION_DATA_KEYS = "encryption.data.keys";
    public static final String UPLOAD_PARALLELISM = "upload.parallelism";

    private DeliveryKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        BUFFER_DIRECTORY,
                        Type.STRING,
                        System.getProperty("java.io.tmpdir"),
                        Importance.LOW,
                        "Local directory where objects are buffered (compressed) until written: memory stays small "
                                + "whatever the buffer size and the number of partitions.",
                        GROUP,
                        1,
                        ConfigDef.Width.LONG,
                        "Buffer directory")
                .define(
                        SEGMENT_LOG_BUCKET,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "Bucket where earlier versions kept the segment log as empty objects. A task reads the "
                                + "entries it finds there when a partition is assigned, moves those still needed to "
                                + StateKeys.SEGMENT_LOG_TOPIC + " and deletes them all. Without "
                                + StateKeys.KAFKA_BOOTSTRAP_SERVERS
                                + " the segment log stays there. Empty: the destination bucket.",
                        GROUP,
                        2,
                        ConfigDef.Width.MEDIUM,
                        "Legacy segment log bucket")
                .define(
                        SEGMENT_LOG_PREFIX,
                        Type.STRING,
                        "_millrace/firehose-segments/",
                        Importance.LOW,
                        "Key prefix of the segment log in " + SEGMENT_LOG_BUCKET + " (one empty object per object "
                                + "boundary).",
                        GROUP,
                        3,
                        ConfigDef.Width.MEDIUM,
                        "Legacy segment log prefix")
                .define(
                        RETRY_BACKOFF_INITIAL_MS,
                        Type.LONG,
                        1000L,
                        Range.atLeast(10),
                        Importance.LOW,
                        "First wait after a failed S3 write; doubles on each failure up to retry.backoff.max.ms. "
                                + "Writes are retried until they succeed: Kafka keeps the records meanwhile.",
                        GROUP,
                        4,
                        ConfigDef.Width.SHORT,
                        "Initial backoff (ms)")
                .define(
                        RETRY_BACKOFF_MAX_MS,
                        Type.LONG,
                        30000L,
                        Range.atLeast(10),
                        Importance.LOW,
                        "Longest wait between S3 write attempts.",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Max backoff (ms)")
                .define(
                        ENCRYPTION_DATA_KEYS,
                        Type.PASSWORD,
                        "",
                        Importance.LOW,
                        "Data keys of the stream's server-side encryption (StartDeliveryStreamEncryption), set by the "
                                + "Firehose API: <id>:<base64 AES-256 key>, comma separated. Records carrying the "
                                + "millrace.firehose.sse header are decrypted with the key they name before delivery.",
                        GROUP,
                        6,
                        ConfigDef.Width.LONG,
                        "Encryption data keys")
                .define(
                        UPLOAD_PARALLELISM,
                        Type.INT,
                        4,
                        Range.between(1, 64),
                        Importance.LOW,
                        "Objects a task writes to S3 at once, while it buffers the next records. 1: one PUT at a "
                                + "time, in the task's thread. An HTTP endpoint destination gets its buffers one at a "
                                + "time whatever this is (their S3 backup and error objects follow it).",
                        GROUP,
                        7,
                        ConfigDef.Width.SHORT,
                        "Upload parallelism");
    }
}
