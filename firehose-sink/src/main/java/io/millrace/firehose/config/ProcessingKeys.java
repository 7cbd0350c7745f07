package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The processors records go through before delivery (ProcessingConfiguration): delimiter, de-aggregation, the Lambda function. */
public final class ProcessingKeys {
    static final String GROUP = "Processing (ProcessingConfiguration)";

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

    private ProcessingKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        PROCESSING_APPEND_DELIMITER,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "The AppendDelimiterToRecord processor: append a delimiter to every record.",
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
                        13,
                        ConfigDef.Width.LONG,
                        "Delivery stream ARN")
                .define(
                        SOURCE_KINESIS_STREAM_ARN,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "For a Kinesis stream source, the stream's ARN: the Lambda event then carries "
                                + "sourceKinesisStreamArn and each record's kinesisRecordMetadata, and the task "
                                + "publishes DataReadFromKinesisStream.Records and .Bytes.",
                        GROUP,
                        14,
                        ConfigDef.Width.LONG,
                        "Source Kinesis stream ARN");
    }
}
