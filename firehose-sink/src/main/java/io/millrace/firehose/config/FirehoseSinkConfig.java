package io.millrace.firehose.config;

import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.conversion.ConversionConfig;
import io.millrace.firehose.naming.ObjectKeys;
import io.millrace.firehose.naming.PrefixException;
import io.millrace.firehose.naming.PrefixRules;
import io.millrace.firehose.naming.PrefixTemplate;
import io.millrace.firehose.partitioning.MetadataExtractionQuery;
import io.millrace.firehose.partitioning.PartitionKeyCoverage;
import io.millrace.firehose.partitioning.RecordPartitioner;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every setting of the Firehose S3 sink, one documented key each. Names follow the Firehose API field they carry
 * (ExtendedS3DestinationConfiguration); limits are AWS's (botocore model firehose/2015-08-04). They keep Kafka
 * Connect's dotted style rather than Millrace's {@code millrace.<component>.<name>}: the Firehose API writes them into
 * each connector's configuration, which Connect keeps in its config topic, so a renamed key would strand the
 * connectors already running.
 */
public final class FirehoseSinkConfig extends AbstractConfig {
    private static final String G_STREAM = "Delivery stream";
    private static final String G_S3 = "S3 connection";
    private static final String G_DEST = "Destination (ExtendedS3DestinationConfiguration)";
    private static final String G_BACKUP = "Source record backup (S3BackupConfiguration)";
    private static final String G_PROCESSING = "Processing (ProcessingConfiguration)";
    private static final String G_PARTITIONING = "Dynamic partitioning (DynamicPartitioningConfiguration)";
    private static final String G_DELIVERY = "Delivery";
    private static final String G_STATE = "Delivery state in Kafka";

    public static final String DELIVERY_STREAM_NAME = "firehose.delivery.stream.name";
    public static final String DELIVERY_STREAM_VERSION = "firehose.delivery.stream.version";

    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_REGION = "s3.region";
    public static final String S3_ACCESS_KEY_ID = "s3.access.key.id";
    public static final String S3_SECRET_ACCESS_KEY = "s3.secret.access.key";
    public static final String S3_PATH_STYLE_ACCESS = "s3.path.style.access";

    public static final String S3_BUCKET = "s3.bucket";
    public static final String S3_PREFIX = "s3.prefix";
    public static final String S3_ERROR_OUTPUT_PREFIX = "s3.error.output.prefix";
    public static final String BUFFERING_SIZE_MB = "buffering.size.mb";
    public static final String BUFFERING_INTERVAL_SECONDS = "buffering.interval.seconds";
    public static final String COMPRESSION_FORMAT = "compression.format";
    public static final String FILE_EXTENSION = "file.extension";
    public static final String CUSTOM_TIME_ZONE = "custom.time.zone";

    public static final String S3_BACKUP_MODE = "s3.backup.mode";
    public static final String S3_BACKUP_BUCKET = "s3.backup.bucket";
    public static final String S3_BACKUP_PREFIX = "s3.backup.prefix";
    public static final String S3_BACKUP_ERROR_OUTPUT_PREFIX = "s3.backup.error.output.prefix";
    public static final String S3_BACKUP_BUFFERING_SIZE_MB = "s3.backup.buffering.size.mb";
    public static final String S3_BACKUP_BUFFERING_INTERVAL_SECONDS = "s3.backup.buffering.interval.seconds";
    public static final String S3_BACKUP_COMPRESSION_FORMAT = "s3.backup.compression.format";

    public static final String PROCESSING_APPEND_DELIMITER = "processing.append.delimiter.enabled";
    public static final String PROCESSING_DELIMITER = "processing.append.delimiter.value";
    public static final String PROCESSING_KPL_DEAGGREGATION = "processing.deaggregation.kpl.enabled";
    public static final String PROCESSING_SUB_RECORD_TYPE = "processing.deaggregation.sub.record.type";
    public static final String PROCESSING_SUB_RECORD_DELIMITER = "processing.deaggregation.delimiter";
    public static final String PROCESSING_LAMBDA_FUNCTION = "processing.lambda.function";
    public static final String PROCESSING_LAMBDA_ARN = "processing.lambda.arn";
    public static final String PROCESSING_LAMBDA_RETRIES = "processing.lambda.number.of.retries";
    public static final String PROCESSING_LAMBDA_BUFFER_SIZE_MB = "processing.lambda.buffer.size.mb";
    public static final String PROCESSING_LAMBDA_BUFFER_INTERVAL_SECONDS = "processing.lambda.buffer.interval.seconds";
    public static final String PROCESSING_LAMBDA_TIMEOUT_MS = "processing.lambda.timeout.ms";
    public static final String PROCESSING_LAMBDA_RETRY_BACKOFF_MS = "processing.lambda.retry.backoff.ms";
    public static final String PROCESSING_LAMBDA_URL_ALLOWLIST = "processing.lambda.url.allowlist";
    public static final String PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED = "processing.lambda.url.allowlist.enforced";
    public static final String DELIVERY_STREAM_ARN = "firehose.delivery.stream.arn";
    public static final String SOURCE_KINESIS_STREAM_ARN = "source.kinesis.stream.arn";

    public static final String DYNAMIC_PARTITIONING_ENABLED = "dynamic.partitioning.enabled";
    public static final String DYNAMIC_PARTITIONING_RETRY_DURATION_SECONDS =
            "dynamic.partitioning.retry.duration.seconds";
    public static final String METADATA_EXTRACTION_QUERY = "processing.metadata.extraction.query";
    public static final String METADATA_EXTRACTION_JSON_PARSING_ENGINE =
            "processing.metadata.extraction.json.parsing.engine";
    public static final String DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS =
            "dynamic.partitioning.active.partitions.max";

    public static final String BUFFER_DIRECTORY = "buffer.directory";
    public static final String SEGMENT_LOG_BUCKET = "segment.log.bucket";
    public static final String SEGMENT_LOG_PREFIX = "segment.log.prefix";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String ENCRYPTION_DATA_KEYS = "encryption.data.keys";

    /**
     * Kafka client settings of the task's own clients (the segment log, delivery health), passed through with this
     * prefix removed, as the gateway passes its {@code kafka.} settings: security settings need no code.
     */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";

    public static final String KAFKA_BOOTSTRAP_SERVERS = KAFKA_CLIENT_PREFIX + "bootstrap.servers";
    public static final String SEGMENT_LOG_TOPIC = "segment.log.topic";
    public static final String HEALTH_TOPIC = "delivery.health.topic";
    public static final String HEALTH_INTERVAL_MS = "delivery.health.interval.ms";
    /** The platform's compacted topic of object boundaries, named like its other internal topics. */
    public static final String DEFAULT_SEGMENT_LOG_TOPIC = "__millrace_firehose_segments";
    /** The platform's compacted topic of each task's delivery health, read by the gateways. */
    public static final String DEFAULT_HEALTH_TOPIC = "__millrace_firehose_health";

    /** botocore: DeliveryStreamName is 1 to 64 characters of [a-zA-Z0-9_.-]. */
    public static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
    /** botocore: FileExtension ^$|\.[0-9a-z!\-_.*'()]+, at most 128 characters. */
    public static final Pattern FILE_EXTENSION_PATTERN = Pattern.compile("^$|\\.[0-9a-z!\\-_.*'()]{1,127}");

    private static final String[] COMPRESSIONS =
            Arrays.stream(Compression.values()).map(Compression::awsName).toArray(String[]::new);

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    DELIVERY_STREAM_NAME,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    (name, value) -> {
                        if (value == null
                                || !STREAM_NAME.matcher(value.toString()).matches()) {
                            throw new ConfigException(name, value, "1 to 64 characters of [a-zA-Z0-9_.-]");
                        }
                    },
                    Importance.HIGH,
                    "DeliveryStreamName: the name object keys start with.",
                    G_STREAM,
                    1,
                    ConfigDef.Width.MEDIUM,
                    "Delivery stream name")
            .define(
                    DELIVERY_STREAM_VERSION,
                    Type.INT,
                    1,
                    Range.atLeast(1),
                    Importance.LOW,
                    "The delivery stream's version id, part of every object key; the Firehose API raises it on "
                            + "each UpdateDestination.",
                    G_STREAM,
                    2,
                    ConfigDef.Width.SHORT,
                    "Version")
            .define(
                    S3_ENDPOINT,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "S3 endpoint URL (http://host:port for S3Proxy, MinIO or another S3-compatible store); empty "
                            + "for AWS S3 in s3.region.",
                    G_S3,
                    1,
                    ConfigDef.Width.LONG,
                    "S3 endpoint")
            .define(
                    S3_REGION,
                    Type.STRING,
                    "us-east-1",
                    Importance.MEDIUM,
                    "Region used to sign S3 requests.",
                    G_S3,
                    2,
                    ConfigDef.Width.SHORT,
                    "S3 region")
            .define(
                    S3_ACCESS_KEY_ID,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Access key id; empty to use the AWS SDK's default credentials chain.",
                    G_S3,
                    3,
                    ConfigDef.Width.MEDIUM,
                    "Access key id")
            .define(
                    S3_SECRET_ACCESS_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.MEDIUM,
                    "Secret access key matching s3.access.key.id.",
                    G_S3,
                    4,
                    ConfigDef.Width.MEDIUM,
                    "Secret access key")
            .define(
                    S3_PATH_STYLE_ACCESS,
                    Type.BOOLEAN,
                    false,
                    Importance.LOW,
                    "Path-style requests (http://host/bucket/key), needed by most S3-compatible stores.",
                    G_S3,
                    5,
                    ConfigDef.Width.SHORT,
                    "Path-style access")
            .define(
                    S3_BUCKET,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Destination bucket (the name in BucketARN). It must exist.",
                    G_DEST,
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
                    G_DEST,
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
                    G_DEST,
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
                    G_DEST,
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
                    G_DEST,
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
                    G_DEST,
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
                    G_DEST,
                    7,
                    ConfigDef.Width.SHORT,
                    "File extension")
            .define(
                    CUSTOM_TIME_ZONE,
                    Type.STRING,
                    "UTC",
                    Importance.LOW,
                    "CustomTimeZone for the time prefix, timestamp expressions and the key suffix.",
                    G_DEST,
                    8,
                    ConfigDef.Width.SHORT,
                    "Time zone")
            .define(
                    S3_BACKUP_MODE,
                    Type.STRING,
                    "Disabled",
                    ValidString.in("Disabled", "Enabled"),
                    Importance.MEDIUM,
                    "S3BackupMode: Enabled also writes every source record, as received, to the backup bucket.",
                    G_BACKUP,
                    1,
                    ConfigDef.Width.SHORT,
                    "Backup mode")
            .define(
                    S3_BACKUP_BUCKET,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "S3BackupConfiguration bucket; required when s3.backup.mode is Enabled.",
                    G_BACKUP,
                    2,
                    ConfigDef.Width.MEDIUM,
                    "Backup bucket")
            .define(
                    S3_BACKUP_PREFIX,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "S3BackupConfiguration Prefix.",
                    G_BACKUP,
                    3,
                    ConfigDef.Width.LONG,
                    "Backup prefix")
            .define(
                    S3_BACKUP_ERROR_OUTPUT_PREFIX,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "S3BackupConfiguration ErrorOutputPrefix (required when the backup Prefix has expressions).",
                    G_BACKUP,
                    4,
                    ConfigDef.Width.LONG,
                    "Backup error output prefix")
            .define(
                    S3_BACKUP_BUFFERING_SIZE_MB,
                    Type.INT,
                    5,
                    Range.between(1, 128),
                    Importance.LOW,
                    "S3BackupConfiguration BufferingHints.SizeInMBs.",
                    G_BACKUP,
                    5,
                    ConfigDef.Width.SHORT,
                    "Backup buffer size (MiB)")
            .define(
                    S3_BACKUP_BUFFERING_INTERVAL_SECONDS,
                    Type.INT,
                    300,
                    Range.between(0, 900),
                    Importance.LOW,
                    "S3BackupConfiguration BufferingHints.IntervalInSeconds.",
                    G_BACKUP,
                    6,
                    ConfigDef.Width.SHORT,
                    "Backup buffer interval (s)")
            .define(
                    S3_BACKUP_COMPRESSION_FORMAT,
                    Type.STRING,
                    Compression.UNCOMPRESSED.awsName(),
                    ValidString.in(COMPRESSIONS),
                    Importance.LOW,
                    "S3BackupConfiguration CompressionFormat.",
                    G_BACKUP,
                    7,
                    ConfigDef.Width.SHORT,
                    "Backup compression")
            .define(
                    PROCESSING_APPEND_DELIMITER,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "The AppendDelimiterToRecord processor: append a delimiter to every record.",
                    G_PROCESSING,
                    1,
                    ConfigDef.Width.SHORT,
                    "Append delimiter")
            .define(
                    PROCESSING_DELIMITER,
                    Type.STRING,
                    "\\n",
                    Importance.LOW,
                    "The delimiter AppendDelimiterToRecord appends (its Delimiter parameter), written with escapes "
                            + "as AWS takes it: \\n (the default), \\t, \\r, \\\\. Kafka trims configuration "
                            + "strings, so a raw newline would be lost.",
                    G_PROCESSING,
                    2,
                    ConfigDef.Width.SHORT,
                    "Delimiter")
            .define(
                    PROCESSING_KPL_DEAGGREGATION,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "De-aggregate records aggregated by the Kinesis Producer Library (magic bytes F3 89 9A C2) "
                            + "before any processor, as Firehose does for a Kinesis stream source; a record that is "
                            + "not a valid aggregate passes as is.",
                    G_PROCESSING,
                    3,
                    ConfigDef.Width.SHORT,
                    "KPL de-aggregation")
            .define(
                    PROCESSING_SUB_RECORD_TYPE,
                    Type.STRING,
                    "",
                    ValidString.in("", "JSON", "DELIMITED"),
                    Importance.MEDIUM,
                    "The RecordDeAggregation processor's SubRecordType: JSON (consecutive JSON "
                            + "objects) or DELIMITED (split at " + PROCESSING_SUB_RECORD_DELIMITER + "); empty for "
                            + "no RecordDeAggregation. At most 500 sub-records per record.",
                    G_PROCESSING,
                    4,
                    ConfigDef.Width.SHORT,
                    "Sub-record type")
            .define(
                    PROCESSING_SUB_RECORD_DELIMITER,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "RecordDeAggregation's Delimiter for DELIMITED, base64-encoded as AWS takes it (IyMjIw== "
                            + "is ####).",
                    G_PROCESSING,
                    5,
                    ConfigDef.Width.SHORT,
                    "Sub-record delimiter (base64)")
            .define(
                    PROCESSING_LAMBDA_FUNCTION,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "The Lambda processor's function: an http:// or https:// URL the invocation event is POSTed "
                            + "to (JSON in, Lambda response out), or java:<class name> for a "
                            + "io.millrace.firehose.processing.TransformFunction on the plugin path. Empty: no "
                            + "Lambda processor.",
                    G_PROCESSING,
                    6,
                    ConfigDef.Width.LONG,
                    "Lambda function")
            .define(
                    PROCESSING_LAMBDA_ARN,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "The LambdaArn as configured, written as lambdaArn in error envelopes. Empty: the function "
                            + "value.",
                    G_PROCESSING,
                    7,
                    ConfigDef.Width.LONG,
                    "LambdaArn")
            .define(
                    PROCESSING_LAMBDA_RETRIES,
                    Type.INT,
                    3,
                    Range.between(0, 300),
                    Importance.LOW,
                    "NumberOfRetries: retries of a failed invocation (error, timeout, throttling, a response "
                            + "breaking the contract) before the batch's records go to the error output.",
                    G_PROCESSING,
                    8,
                    ConfigDef.Width.SHORT,
                    "Lambda retries")
            .define(
                    PROCESSING_LAMBDA_BUFFER_SIZE_MB,
                    Type.DOUBLE,
                    1.0,
                    Range.between(0.2, 3.0),
                    Importance.LOW,
                    "BufferSizeInMBs: the most record data (MiB) sent to the function in one invocation, within "
                            + "Lambda's 6 MB payload limit.",
                    G_PROCESSING,
                    9,
                    ConfigDef.Width.SHORT,
                    "Lambda batch size (MiB)")
            .define(
                    PROCESSING_LAMBDA_BUFFER_INTERVAL_SECONDS,
                    Type.INT,
                    60,
                    Range.between(0, 900),
                    Importance.LOW,
                    "BufferIntervalInSeconds, accepted for fidelity: the function is invoked once per batch "
                            + "Connect hands the task (chunked by size), so records never wait longer than a poll.",
                    G_PROCESSING,
                    10,
                    ConfigDef.Width.SHORT,
                    "Lambda interval (s)")
            .define(
                    PROCESSING_LAMBDA_TIMEOUT_MS,
                    Type.LONG,
                    60_000L,
                    Range.between(100, 900_000),
                    Importance.LOW,
                    "How long one invocation may take before it counts as failed "
                            + "(Lambda.FunctionRequestTimedOut).",
                    G_PROCESSING,
                    11,
                    ConfigDef.Width.SHORT,
                    "Lambda timeout (ms)")
            .define(
                    PROCESSING_LAMBDA_RETRY_BACKOFF_MS,
                    Type.LONG,
                    1000L,
                    Range.between(1, 30_000),
                    Importance.LOW,
                    "The wait after a failed invocation; doubles on each retry, up to 30 s. The task blocks "
                            + "meanwhile: keep NumberOfRetries times the backoff under the consumer's "
                            + "max.poll.interval.ms.",
                    G_PROCESSING,
                    12,
                    ConfigDef.Width.SHORT,
                    "Lambda retry backoff (ms)")
            .define(
                    PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Whether an http(s) function must match " + PROCESSING_LAMBDA_URL_ALLOWLIST + ", checked when "
                            + "the task starts and before each invocation. The Firehose API sets it when the "
                            + "gateway runs in signed mode.",
                    G_PROCESSING,
                    13,
                    ConfigDef.Width.SHORT,
                    "Lambda URL allowlist enforced")
            .define(
                    PROCESSING_LAMBDA_URL_ALLOWLIST,
                    Type.LIST,
                    "",
                    Importance.MEDIUM,
                    "URL prefixes (https://fn.example.com/transform) or host[:port] patterns (fn.example.com, "
                            + "*.example.com) an http(s) function may match when "
                            + PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED
                            + " is true; empty allows none. The Firehose API copies millrace.firehose.processing."
                            + "url-allowlist here.",
                    G_PROCESSING,
                    14,
                    ConfigDef.Width.LONG,
                    "Lambda URL allowlist")
            .define(
                    DELIVERY_STREAM_ARN,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "The delivery stream's ARN, sent to the Lambda function as deliveryStreamArn (its region as "
                            + "region). Empty: arn:aws:firehose:<s3.region>:000000000000:deliverystream/<name>.",
                    G_PROCESSING,
                    13,
                    ConfigDef.Width.LONG,
                    "Delivery stream ARN")
            .define(
                    SOURCE_KINESIS_STREAM_ARN,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "For a Kinesis stream source, the stream's ARN: the Lambda event then carries "
                            + "sourceKinesisStreamArn and each record's kinesisRecordMetadata.",
                    G_PROCESSING,
                    14,
                    ConfigDef.Width.LONG,
                    "Source Kinesis stream ARN")
            .define(
                    DYNAMIC_PARTITIONING_ENABLED,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "DynamicPartitioningConfiguration.Enabled: records are buffered and delivered per partition key "
                            + "values, which s3.prefix uses as !{partitionKeyFromQuery:<name>}. s3.error.output.prefix "
                            + "is then required.",
                    G_PARTITIONING,
                    1,
                    ConfigDef.Width.SHORT,
                    "Dynamic partitioning")
            .define(
                    DYNAMIC_PARTITIONING_RETRY_DURATION_SECONDS,
                    Type.INT,
                    300,
                    Range.between(0, 7200),
                    Importance.LOW,
                    "RetryOptions.DurationInSeconds, 0 to 7200. Accepted for compatibility: S3 writes are retried "
                            + "until they succeed (Kafka keeps the records meanwhile), so nothing is given up after it.",
                    G_PARTITIONING,
                    2,
                    ConfigDef.Width.SHORT,
                    "Retry duration (s)")
            .define(
                    METADATA_EXTRACTION_QUERY,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "The MetadataExtraction processor's MetadataExtractionQuery: a jq 1.6 expression producing an "
                            + "object of partition keys from each JSON record, e.g. {customer_id: .customer_id}.",
                    G_PARTITIONING,
                    3,
                    ConfigDef.Width.LONG,
                    "Metadata extraction query")
            .define(
                    METADATA_EXTRACTION_JSON_PARSING_ENGINE,
                    Type.STRING,
                    MetadataExtractionQuery.JQ_1_6,
                    ValidString.in(MetadataExtractionQuery.JQ_1_6),
                    Importance.LOW,
                    "The MetadataExtraction processor's JsonParsingEngine; AWS supports JQ-1.6 only.",
                    G_PARTITIONING,
                    4,
                    ConfigDef.Width.SHORT,
                    "JSON parsing engine")
            .define(
                    DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS,
                    Type.INT,
                    500,
                    Range.between(1, 5000),
                    Importance.LOW,
                    "Active partitions (distinct partition key values buffered at once) per Kafka partition and "
                            + "task. AWS's quota is 500 per stream, raisable to 5,000; records that would open one "
                            + "more go to the error output (activePartitionExceeded). Bounds open buffer files and "
                            + "their memory.",
                    G_PARTITIONING,
                    5,
                    ConfigDef.Width.SHORT,
                    "Max active partitions")
            .define(
                    BUFFER_DIRECTORY,
                    Type.STRING,
                    System.getProperty("java.io.tmpdir"),
                    Importance.LOW,
                    "Local directory where objects are buffered (compressed) until written: memory stays small "
                            + "whatever the buffer size and the number of partitions.",
                    G_DELIVERY,
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
                            + SEGMENT_LOG_TOPIC + " and deletes them all. Without " + KAFKA_BOOTSTRAP_SERVERS
                            + " the segment log stays there. Empty: the destination bucket.",
                    G_DELIVERY,
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
                    G_DELIVERY,
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
                    G_DELIVERY,
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
                    G_DELIVERY,
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
                    G_DELIVERY,
                    6,
                    ConfigDef.Width.LONG,
                    "Encryption data keys")
            .define(
                    KAFKA_BOOTSTRAP_SERVERS,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "Kafka cluster of the platform's state (host:port,...), set by the Firehose API to the "
                            + "gateway's; other kafka.<setting> keys reach the task's Kafka clients likewise "
                            + "(security settings). The task keeps its segment log in " + SEGMENT_LOG_TOPIC
                            + " and publishes its delivery health to " + HEALTH_TOPIC + " there. Empty: the segment "
                            + "log stays in S3 (" + SEGMENT_LOG_BUCKET + ") and no health is published.",
                    G_STATE,
                    1,
                    ConfigDef.Width.LONG,
                    "Kafka bootstrap servers")
            .define(
                    SEGMENT_LOG_TOPIC,
                    Type.STRING,
                    DEFAULT_SEGMENT_LOG_TOPIC,
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Compacted topic of the segment log: each object boundary is noted there (acks=all) before "
                            + "the object is written, so that a restart after a crash cuts at the same offsets and "
                            + "rewrites objects under the same keys; entries below the committed offset are "
                            + "removed (tombstones) when a partition is assigned. Created if missing.",
                    G_STATE,
                    2,
                    ConfigDef.Width.MEDIUM,
                    "Segment log topic")
            .define(
                    HEALTH_TOPIC,
                    Type.STRING,
                    DEFAULT_HEALTH_TOPIC,
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Compacted topic the task publishes its delivery health to (last success, consecutive "
                            + "failures, the last S3 error, counters), keyed by stream and task: the gateways show "
                            + "it in DescribeDeliveryStream and GET /metrics. Created if missing.",
                    G_STATE,
                    3,
                    ConfigDef.Width.MEDIUM,
                    "Delivery health topic")
            .define(
                    HEALTH_INTERVAL_MS,
                    Type.LONG,
                    10_000L,
                    Range.between(100, 300_000),
                    Importance.LOW,
                    "How often the task publishes its delivery health besides every change between delivering "
                            + "and failing; a report older than three intervals plus 30 s counts as gone.",
                    G_STATE,
                    4,
                    ConfigDef.Width.SHORT,
                    "Health interval (ms)");

    static {
        ConversionConfig.define(CONFIG_DEF);
    }

    public FirehoseSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        validateCrossField();
    }

    private void validateCrossField() {
        if (!FILE_EXTENSION_PATTERN.matcher(getString(FILE_EXTENSION)).matches()) {
            throw new ConfigException(
                    FILE_EXTENSION,
                    getString(FILE_EXTENSION),
                    "must be empty or a dot followed by [0-9a-z!-_.*'()], at most 128 characters");
        }
        zone();
        try {
            PrefixRules.validate(getString(S3_PREFIX), getString(S3_ERROR_OUTPUT_PREFIX), dynamicPartitioning());
            if (backupEnabled()) {
                PrefixRules.validate(getString(S3_BACKUP_PREFIX), getString(S3_BACKUP_ERROR_OUTPUT_PREFIX));
            }
        } catch (PrefixException e) {
            throw new ConfigException(e.getMessage());
        }
        validatePartitioning();
        if (backupEnabled() && getString(S3_BACKUP_BUCKET).isBlank()) {
            throw new ConfigException(S3_BACKUP_BUCKET, "", "required when " + S3_BACKUP_MODE + " is Enabled");
        }
        if (subRecordType().equals("DELIMITED")) {
            subRecordDelimiter();
        }
        String function = getString(PROCESSING_LAMBDA_FUNCTION);
        if (!function.isEmpty()
                && !function.startsWith("http://")
                && !function.startsWith("https://")
                && !(function.startsWith("java:") && function.length() > "java:".length())) {
            throw new ConfigException(
                    PROCESSING_LAMBDA_FUNCTION, function, "must be an http:// or https:// URL or java:<class name>");
        }
        UrlAllowlist allowlist = urlAllowlist();
        if (allowlist != null && function.startsWith("http") && !allowlist.allows(function)) {
            throw new ConfigException(
                    PROCESSING_LAMBDA_FUNCTION, function, "matches no entry of " + PROCESSING_LAMBDA_URL_ALLOWLIST);
        }
        if (getBoolean(ConversionConfig.ENABLED)) {
            // AWS disables S3 compression with format conversion: Parquet and ORC compress inside the file.
            if (!Compression.UNCOMPRESSED.awsName().equals(getString(COMPRESSION_FORMAT))) {
                throw new ConfigException(
                        COMPRESSION_FORMAT,
                        getString(COMPRESSION_FORMAT),
                        "must be UNCOMPRESSED when " + ConversionConfig.ENABLED + " is true");
            }
            ConversionConfig.from(this);
        }
        if (getLong(RETRY_BACKOFF_MAX_MS) < getLong(RETRY_BACKOFF_INITIAL_MS)) {
            throw new ConfigException(
                    RETRY_BACKOFF_MAX_MS,
                    getLong(RETRY_BACKOFF_MAX_MS),
                    "must be at least " + RETRY_BACKOFF_INITIAL_MS);
        }
    }

    /** The partition keys the Prefix uses must come from somewhere this stream has. */
    private void validatePartitioning() {
        String query = getString(METADATA_EXTRACTION_QUERY);
        if (!dynamicPartitioning()) {
            if (!query.isBlank()) {
                throw new ConfigException(
                        METADATA_EXTRACTION_QUERY,
                        query,
                        "the MetadataExtraction processor " + "requires " + DYNAMIC_PARTITIONING_ENABLED + "=true");
            }
            return;
        }
        PrefixTemplate prefix = PrefixTemplate.parse(getString(S3_PREFIX));
        if (!prefix.lambdaKeys().isEmpty()
                && getString(PROCESSING_LAMBDA_FUNCTION).isBlank()) {
            throw new ConfigException(
                    S3_PREFIX,
                    getString(S3_PREFIX),
                    "!{partitionKeyFromLambda:...} needs a Lambda " + "processor (" + PROCESSING_LAMBDA_FUNCTION
                            + ") returning metadata.partitionKeys");
        }
        if (prefix.queryKeys().isEmpty()) {
            return;
        }
        if (query.isBlank()) {
            throw new ConfigException(
                    METADATA_EXTRACTION_QUERY,
                    query,
                    "required when " + S3_PREFIX + " uses !{partitionKeyFromQuery:...}");
        }
        try {
            PartitionKeyCoverage.check(MetadataExtractionQuery.compile(query), prefix.queryKeys());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(METADATA_EXTRACTION_QUERY, query, e.getMessage());
        }
    }

    public String streamName() {
        return getString(DELIVERY_STREAM_NAME);
    }

    public int streamVersion() {
        return getInt(DELIVERY_STREAM_VERSION);
    }

    public ZoneId zone() {
        String zone = getString(CUSTOM_TIME_ZONE);
        try {
            return ZoneId.of(zone.isBlank() ? "UTC" : zone);
        } catch (DateTimeException e) {
            throw new ConfigException(CUSTOM_TIME_ZONE, zone, "not a known time zone id");
        }
    }

    public boolean dynamicPartitioning() {
        return getBoolean(DYNAMIC_PARTITIONING_ENABLED);
    }

    public int maxActivePartitions() {
        return getInt(DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS);
    }

    /** How records are partitioned, or null without dynamic partitioning. */
    public RecordPartitioner partitioner() {
        if (!dynamicPartitioning()) {
            return null;
        }
        PrefixTemplate prefix = PrefixTemplate.parse(getString(S3_PREFIX));
        Set<String> queryKeys = prefix.queryKeys();
        MetadataExtractionQuery query =
                queryKeys.isEmpty() ? null : MetadataExtractionQuery.compile(getString(METADATA_EXTRACTION_QUERY));
        return new RecordPartitioner(query, queryKeys, prefix.lambdaKeys());
    }

    public boolean backupEnabled() {
        return "Enabled".equals(getString(S3_BACKUP_MODE));
    }

    public DestinationSettings destination() {
        Compression compression = Compression.fromAwsName(getString(COMPRESSION_FORMAT));
        ConversionConfig.Conversion conversion = conversion();
        String defaultExtension = conversion != null ? conversion.defaultExtension() : compression.defaultExtension();
        String ext = getString(FILE_EXTENSION).isEmpty() ? defaultExtension : getString(FILE_EXTENSION);
        ObjectKeys keys = new ObjectKeys(
                streamName(),
                streamVersion(),
                getString(S3_PREFIX),
                getString(S3_ERROR_OUTPUT_PREFIX),
                zone(),
                ext,
                dynamicPartitioning());
        return new DestinationSettings(
                getString(S3_BUCKET),
                keys,
                mib(getInt(BUFFERING_SIZE_MB)),
                getInt(BUFFERING_INTERVAL_SECONDS) * 1000L,
                compression);
    }

    public DestinationSettings backup() {
        Compression compression = Compression.fromAwsName(getString(S3_BACKUP_COMPRESSION_FORMAT));
        ObjectKeys keys = new ObjectKeys(
                streamName(),
                streamVersion(),
                getString(S3_BACKUP_PREFIX),
                getString(S3_BACKUP_ERROR_OUTPUT_PREFIX),
                zone(),
                compression.defaultExtension());
        return new DestinationSettings(
                getString(S3_BACKUP_BUCKET),
                keys,
                mib(getInt(S3_BACKUP_BUFFERING_SIZE_MB)),
                getInt(S3_BACKUP_BUFFERING_INTERVAL_SECONDS) * 1000L,
                compression);
    }

    /** DataFormatConversionConfiguration: the table, deserializer and serializer, or null when it is off. */
    public ConversionConfig.Conversion conversion() {
        return ConversionConfig.from(this);
    }

    public String s3Endpoint() {
        return getString(S3_ENDPOINT);
    }

    public String s3Region() {
        return getString(S3_REGION);
    }

    public String accessKeyId() {
        return getString(S3_ACCESS_KEY_ID);
    }

    public String secretAccessKey() {
        Password p = getPassword(S3_SECRET_ACCESS_KEY);
        return p == null ? "" : p.value();
    }

    public boolean pathStyleAccess() {
        return getBoolean(S3_PATH_STYLE_ACCESS);
    }

    public boolean appendDelimiter() {
        return getBoolean(PROCESSING_APPEND_DELIMITER);
    }

    /** The delimiter with its escapes resolved. */
    public String delimiter() {
        String escaped = getString(PROCESSING_DELIMITER);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public boolean kplDeaggregation() {
        return getBoolean(PROCESSING_KPL_DEAGGREGATION);
    }

    /** The RecordDeAggregation processor's SubRecordType: JSON, DELIMITED, or empty when there is none. */
    public String subRecordType() {
        return getString(PROCESSING_SUB_RECORD_TYPE);
    }

    /** The DELIMITED processor's delimiter, base64-decoded; read when {@link #subRecordType()} is DELIMITED. */
    public byte[] subRecordDelimiter() {
        String encoded = getString(PROCESSING_SUB_RECORD_DELIMITER);
        byte[] delimiter;
        try {
            delimiter = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PROCESSING_SUB_RECORD_DELIMITER, encoded, "not valid base64");
        }
        if (delimiter.length == 0) {
            throw new ConfigException(
                    PROCESSING_SUB_RECORD_DELIMITER,
                    encoded,
                    "required (base64) when " + PROCESSING_SUB_RECORD_TYPE + " is DELIMITED");
        }
        return delimiter;
    }

    /** The Lambda processor, or null when there is none. */
    public LambdaSettings lambdaSettings() {
        String function = getString(PROCESSING_LAMBDA_FUNCTION);
        if (function.isEmpty()) {
            return null;
        }
        String arn = getString(PROCESSING_LAMBDA_ARN).isEmpty() ? function : getString(PROCESSING_LAMBDA_ARN);
        String streamArn = getString(DELIVERY_STREAM_ARN).isEmpty()
                ? "arn:aws:firehose:" + s3Region() + ":000000000000:deliverystream/" + streamName()
                : getString(DELIVERY_STREAM_ARN);
        String[] arnParts = streamArn.split(":", 6);
        String region = arnParts.length > 3 && !arnParts[3].isEmpty() ? arnParts[3] : s3Region();
        String source = getString(SOURCE_KINESIS_STREAM_ARN);
        return new LambdaSettings(
                function,
                arn,
                getInt(PROCESSING_LAMBDA_RETRIES),
                Math.round(getDouble(PROCESSING_LAMBDA_BUFFER_SIZE_MB) * 1024 * 1024),
                getLong(PROCESSING_LAMBDA_TIMEOUT_MS),
                getLong(PROCESSING_LAMBDA_RETRY_BACKOFF_MS),
                streamArn,
                region,
                source.isEmpty() ? null : source,
                urlAllowlist());
    }

    /** The URLs an http(s) function may have, or null when any may. */
    private UrlAllowlist urlAllowlist() {
        if (!getBoolean(PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED)) {
            return null;
        }
        try {
            return UrlAllowlist.parse(getList(PROCESSING_LAMBDA_URL_ALLOWLIST));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    PROCESSING_LAMBDA_URL_ALLOWLIST, getList(PROCESSING_LAMBDA_URL_ALLOWLIST), e.getMessage());
        }
    }

    public String bufferDirectory() {
        return getString(BUFFER_DIRECTORY);
    }

    public String segmentLogBucket() {
        String bucket = getString(SEGMENT_LOG_BUCKET);
        return bucket.isBlank() ? getString(S3_BUCKET) : bucket;
    }

    public String segmentLogPrefix() {
        return getString(SEGMENT_LOG_PREFIX);
    }

    /**
     * Settings of the task's own Kafka clients ({@code kafka.} keys without the prefix), empty when no bootstrap
     * servers are configured.
     */
    public Map<String, Object> stateKafkaClientProps() {
        if (getString(KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
            return Map.of();
        }
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_CLIENT_PREFIX));
        props.put("bootstrap.servers", getString(KAFKA_BOOTSTRAP_SERVERS).trim());
        return props;
    }

    public String segmentLogTopic() {
        return getString(SEGMENT_LOG_TOPIC);
    }

    public String healthTopic() {
        return getString(HEALTH_TOPIC);
    }

    public long healthIntervalMillis() {
        return getLong(HEALTH_INTERVAL_MS);
    }

    public long backoffInitialMillis() {
        return getLong(RETRY_BACKOFF_INITIAL_MS);
    }

    public String encryptionDataKeys() {
        return getPassword(ENCRYPTION_DATA_KEYS).value();
    }

    public long backoffMaxMillis() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    private static long mib(int n) {
        return n * 1024L * 1024L;
    }
}
