package io.millrace.firehose.config;

import io.millrace.firehose.compression.Compression;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The S3 destination: bucket, prefixes, buffering hints, compression, file extension, time zone (ExtendedS3DestinationConfiguration). */
public final class DestinationKeys {
    static final String GROUP = "Destination (ExtendedS3DestinationConfiguration)";

    public static final String S3_BUCKET = "s3.bucket";
    public static final String S3_PREFIX = "s3.prefix";
    public static final String S3_ERROR_OUTPUT_PREFIX = "s3.error.output.prefix";
    public static final String BUFFERING_SIZE_MB = "buffering.size.mb";
    public static final String BUFFERING_INTERVAL_SECONDS = "buffering.interval.seconds";
    public static final String COMPRESSION_FORMAT = "compression.format";
    public static final String FILE_EXTENSION = "file.extension";
    public static final String CUSTOM_TIME_ZONE = "custom.time.zone";
    public static final String S3_KMS_KEY_ARN = "s3.kms.key.arn";
    /** botocore: FileExtension ^$|\.[0-9a-z!\-_.*'()]+, at most 128 characters. */
    public static final Pattern FILE_EXTENSION_PATTERN = Pattern.compile("^$|\\.[0-9a-z!\\-_.*'()]{1,127}");

    static final String[] COMPRESSIONS =
            Arrays.stream(Compression.values()).map(Compression::awsName).toArray(String[]::new);

    private DestinationKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        S3_BUCKET,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(),
                        Importance.HIGH,
                        "Destination bucket (the name in BucketARN). It must exist.",
                        GROUP,
                        1,
                        ConfigDef.Width.MEDIUM,
                        "Bucket")
                .define(
                        S3_PREFIX,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Prefix, with AWS's expressions !{timestamp:<pattern>} and !{firehose:random-string}. Without "
                                + "expressions the default yyyy/MM/dd/HH/ time prefix is appended.",
                        GROUP,
                        2,
                        ConfigDef.Width.LONG,
                        "Prefix")
                .define(
                        S3_ERROR_OUTPUT_PREFIX,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "ErrorOutputPrefix for records that fail processing; with expressions it must contain "
                                + "!{firehose:error-output-type}. Empty: <Prefix><error-output-type>/yyyy/MM/dd/HH/.",
                        GROUP,
                        3,
                        ConfigDef.Width.LONG,
                        "Error output prefix")
                .define(
                        BUFFERING_SIZE_MB,
                        Type.INT,
                        5,
                        Range.between(1, 128),
                        Importance.MEDIUM,
                        "BufferingHints.SizeInMBs: an object is written once this many MiB of (uncompressed) records "
                                + "are buffered for one partition, or the interval passes, whichever comes first.",
                        GROUP,
                        4,
                        ConfigDef.Width.SHORT,
                        "Buffer size (MiB)")
                .define(
                        BUFFERING_INTERVAL_SECONDS,
                        Type.INT,
                        300,
                        Range.between(0, 900),
                        Importance.MEDIUM,
                        "BufferingHints.IntervalInSeconds: the longest a record waits in the buffer; fires on a timer "
                                + "even when no new record arrives. 0 writes every batch at once.",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Buffer interval (s)")
                .define(
                        COMPRESSION_FORMAT,
                        Type.STRING,
                        Compression.UNCOMPRESSED.awsName(),
                        ValidString.in(COMPRESSIONS),
                        Importance.MEDIUM,
                        "CompressionFormat: UNCOMPRESSED, GZIP, ZIP, Snappy or HADOOP_SNAPPY.",
                        GROUP,
                        6,
                        ConfigDef.Width.SHORT,
                        "Compression")
                .define(
                        FILE_EXTENSION,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "FileExtension appended to object keys instead of the compression's default (.gz, .zip, "
                                + ".snappy, .hsnappy).",
                        GROUP,
                        7,
                        ConfigDef.Width.SHORT,
                        "File extension")
                .define(
                        CUSTOM_TIME_ZONE,
                        Type.STRING,
                        "UTC",
                        Importance.LOW,
                        "CustomTimeZone for the time prefix, timestamp expressions and the key suffix.",
                        GROUP,
                        8,
                        ConfigDef.Width.SHORT,
                        "Time zone")
                .define(
                        S3_KMS_KEY_ARN,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN: the objects written to the"
                                + " destination bucket ask for SSE-KMS under this key (x-amz-server-side-encryption:"
                                + " aws:kms). A store that refuses it fails the write, which is retried; objects are"
                                + " never written unencrypted instead. Empty: NoEncryption.",
                        GROUP,
                        9,
                        ConfigDef.Width.LONG,
                        "SSE-KMS key");
    }
}
