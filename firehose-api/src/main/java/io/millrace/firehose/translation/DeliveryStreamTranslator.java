package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.checkLength;
import static io.millrace.firehose.translation.TranslationFields.checkPattern;
import static io.millrace.firehose.translation.TranslationFields.checkRole;
import static io.millrace.firehose.translation.TranslationFields.missing;
import static io.millrace.firehose.translation.TranslationFields.optionalInt;
import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.patternError;
import static io.millrace.firehose.translation.TranslationFields.present;
import static io.millrace.firehose.translation.TranslationFields.requiredString;
import static io.millrace.firehose.translation.TranslationFields.validationPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.config.BackupKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.MetricsKeys;
import io.millrace.firehose.config.PartitioningKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.config.S3ConnectionKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.config.StreamKeys;
import io.millrace.firehose.connect.FirehoseS3SinkConnector;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.firehose.naming.PrefixException;
import io.millrace.firehose.naming.PrefixRules;
import io.millrace.firehose.naming.PrefixTemplate;
import io.millrace.firehose.partitioning.MetadataExtractionQuery;
import io.millrace.firehose.partitioning.PartitionKeyCoverage;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.kinesis.model.arn.StreamArn;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Translates a Firehose CreateDeliveryStream request (AWS's JSON field names) into the configuration of a
 * {@link FirehoseS3SinkConnector}, refusing what Firehose refuses. A pure function: the caller creates the connector.
 * Constraints are those of the botocore model firehose/2015-08-04.
 */
public final class DeliveryStreamTranslator {
    private static final Pattern BUCKET_ARN = Pattern.compile("arn:.*:s3:::([\\w.\\-]{1,255})");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9\\._\\-]+");
    /** botocore: AWSKMSKeyARN. */
    private static final Pattern KMS_KEY_ARN =
            Pattern.compile("arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+");

    /** What a refused destination's error names. */
    public static final String SUPPORTED_DESTINATIONS = "ExtendedS3DestinationConfiguration (or "
            + "S3DestinationConfiguration), HttpEndpointDestinationConfiguration, "
            + "AmazonopensearchserviceDestinationConfiguration and IcebergDestinationConfiguration";

    private static final Pattern CUSTOM_TIME_ZONE = Pattern.compile("^$|[a-zA-Z/_]+");
    private static final List<String> OTHER_DESTINATIONS = List.of(
            "RedshiftDestinationConfiguration",
            "ElasticsearchDestinationConfiguration",
            "SplunkDestinationConfiguration",
            "AmazonOpenSearchServerlessDestinationConfiguration",
            "SnowflakeDestinationConfiguration");

    /**
     * AWS: with dynamic partitioning enabled, BufferingHints.SizeInMBs is at least 64 MiB (the minimum of the
     * Firehose console and of CreateDeliveryStream for such streams).
     */
    static final int MIN_PARTITIONED_BUFFER_MB = 64;

    private DeliveryStreamTranslator() {}

    /** Without a catalog: a request enabling DataFormatConversionConfiguration names a table that is not there. */
    public static Map<String, String> translate(JsonNode request, TranslationEnvironment env) {
        return translate(request, env, (catalogId, database, table, versionId) -> java.util.Optional.empty());
    }

    /** @param tables where DataFormatConversionConfiguration's table is resolved, at request time */
    public static Map<String, String> translate(JsonNode request, TranslationEnvironment env, CatalogTables tables) {
        if (request == null || !request.isObject()) {
            throw ApiException.validation("The request body must be a JSON object.");
        }
        String name = requiredString(request, "DeliveryStreamName", "deliveryStreamName");
        checkLength(name, 1, 64, "deliveryStreamName");
        checkPattern(name, StreamKeys.STREAM_NAME, "[a-zA-Z0-9_.-]+", "deliveryStreamName");

        Map<String, String> out = new LinkedHashMap<>();
        out.put("name", "firehose-" + name);
        out.put("connector.class", FirehoseS3SinkConnector.class.getName());
        out.put("tasks.max", Integer.toString(env.tasksMax()));
        out.put("topics", sourceTopic(request, name, env, out));
        // The Kinesis mapping stores partition key and data blob as raw bytes: no schema, no conversion.
        out.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        out.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        // Headers as raw bytes too: server-side encryption names the data key of a record in a header.
        out.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        // Flink jobs write into DirectPut topics with Kafka transactions: only committed records may be delivered,
        // or an aborted attempt would reach S3. (Kafka 3.0+ workers allow client overrides by default.)
        out.put("consumer.override.isolation.level", "read_committed");
        out.put(StreamKeys.DELIVERY_STREAM_NAME, name);
        out.put(StreamKeys.DELIVERY_STREAM_VERSION, "1");
        out.put(S3ConnectionKeys.S3_ENDPOINT, nullToEmpty(env.s3Endpoint()));
        out.put(S3ConnectionKeys.S3_REGION, env.s3Region());
        out.put(S3ConnectionKeys.S3_ACCESS_KEY_ID, nullToEmpty(env.accessKeyId()));
        out.put(S3ConnectionKeys.S3_SECRET_ACCESS_KEY, nullToEmpty(env.secretAccessKey()));
        out.put(S3ConnectionKeys.S3_PATH_STYLE_ACCESS, Boolean.toString(env.pathStyleAccess()));
        if (!env.stateKafkaClientSettings().isEmpty()) {
            // The task's segment log and delivery health live in the platform's Kafka, reached as the gateway does.
            new TreeMap<>(env.stateKafkaClientSettings())
                    .forEach((key, value) -> out.put(StateKeys.KAFKA_CLIENT_PREFIX + key, value));
            out.put(StateKeys.SEGMENT_LOG_TOPIC, env.segmentLogTopic());
            out.put(StateKeys.HEALTH_TOPIC, env.healthTopic());
            if (!env.cloudWatchTopic().isBlank()) {
                // The task's delivery metrics (AWS/Firehose DeliveryToS3.*) go to the CloudWatch API's topic there.
                out.put(MetricsKeys.CLOUDWATCH_TOPIC, env.cloudWatchTopic());
                out.put(MetricsKeys.CLOUDWATCH_INTERVAL_MS, Long.toString(env.cloudWatchIntervalMs()));
            }
        }

        for (String other : OTHER_DESTINATIONS) {
            if (request.hasNonNull(other)) {
                throw FirehoseErrors.invalidArgument(
                        other + " is not supported; Millrace delivers to " + SUPPORTED_DESTINATIONS + ".");
            }
        }
        JsonNode extended = request.get("ExtendedS3DestinationConfiguration");
        JsonNode plain = request.get("S3DestinationConfiguration");
        JsonNode http = request.get("HttpEndpointDestinationConfiguration");
        JsonNode openSearch = request.get(OpenSearchTranslator.FIELD);
        JsonNode iceberg = request.get("IcebergDestinationConfiguration");
        if (present(iceberg)) {
            if (present(extended) || present(plain) || present(http) || present(openSearch)) {
                throw FirehoseErrors.invalidArgument("Only one destination configuration can be specified.");
            }
            IcebergTranslator.translate(iceberg, out, env);
            return out;
        }
        if (present(http) || present(openSearch)) {
            if (present(extended) || present(plain) || (present(http) && present(openSearch))) {
                throw FirehoseErrors.invalidArgument("Only one destination configuration can be specified.");
            }
            if (present(http)) {
                HttpEndpointTranslator.translate(http, out, env);
            } else {
                OpenSearchTranslator.translate(openSearch, out, env);
            }
            return out;
        }
        if (present(extended) && present(plain)) {
            throw FirehoseErrors.invalidArgument("Only one destination configuration can be specified.");
        }
        if (!present(extended) && !present(plain)) {
            throw FirehoseErrors.invalidArgument(
                    "A destination configuration is required: ExtendedS3DestinationConfiguration.");
        }
        JsonNode dest = present(extended) ? extended : plain;
        String path = present(extended) ? "extendedS3DestinationConfiguration" : "s3DestinationConfiguration";
        boolean dynamicPartitioning = present(extended) && dynamicPartitioning(extended, path, out);
        destination(
                dest,
                path,
                out,
                DestinationKeys.S3_BUCKET,
                DestinationKeys.S3_PREFIX,
                DestinationKeys.S3_ERROR_OUTPUT_PREFIX,
                DestinationKeys.BUFFERING_SIZE_MB,
                DestinationKeys.BUFFERING_INTERVAL_SECONDS,
                DestinationKeys.COMPRESSION_FORMAT,
                dynamicPartitioning);
        kmsEncryption(dest, path, out);
        if (present(extended)) {
            extendedOnly(extended, out, env);
            FormatConversionTranslator.translate(
                    extended, "extendedS3DestinationConfiguration", out, tables, env.s3Region());
            if (dynamicPartitioning) {
                partitionKeys(out);
                GluePartitionTranslator.translate(extended, out, tables, env);
            }
        }
        return out;
    }

    /**
     * EncryptionConfiguration: KMSEncryptionConfig.AWSKMSKeyARN makes the destination's objects ask for SSE-KMS
     * under that key; NoEncryptionConfig (or nothing) for none. Both at once is refused (botocore model
     * firehose/2015-08-04: one or the other).
     */
    private static void kmsEncryption(JsonNode dest, String path, Map<String, String> out) {
        JsonNode encryption = dest.get("EncryptionConfiguration");
        if (!present(encryption) || !present(encryption.get("KMSEncryptionConfig"))) {
            return;
        }
        String arnPath = path + ".encryptionConfiguration.kMSEncryptionConfig.aWSKMSKeyARN";
        if (present(encryption.get("NoEncryptionConfig"))) {
            throw FirehoseErrors.invalidArgument(
                    "EncryptionConfiguration cannot specify both NoEncryptionConfig and KMSEncryptionConfig.");
        }
        String keyArn = requiredString(encryption.get("KMSEncryptionConfig"), "AWSKMSKeyARN", arnPath);
        checkLength(keyArn, 1, 512, arnPath);
        if (!KMS_KEY_ARN.matcher(keyArn).matches()) {
            throw patternError(keyArn, arnPath, KMS_KEY_ARN.pattern());
        }
        out.put(DestinationKeys.S3_KMS_KEY_ARN, keyArn);
    }

    /** DynamicPartitioningConfiguration: whether it is enabled; its RetryOptions are checked and kept. */
    private static boolean dynamicPartitioning(JsonNode dest, String path, Map<String, String> out) {
        JsonNode dp = dest.get("DynamicPartitioningConfiguration");
        if (!present(dp)) {
            return false;
        }
        String dpPath = path + ".dynamicPartitioningConfiguration";
        if (!dp.isObject()) {
            throw ApiException.validation(dpPath + " must be an object.");
        }
        JsonNode enabled = dp.get("Enabled");
        if (present(enabled) && !enabled.isBoolean()) {
            throw ApiException.validation("Value at '" + dpPath + ".enabled' must be a boolean.");
        }
        JsonNode retry = dp.get("RetryOptions");
        if (present(retry)) {
            // botocore: RetryDurationInSeconds is 0 to 7200.
            int duration =
                    optionalInt(retry, "DurationInSeconds", dpPath + ".retryOptions.durationInSeconds", 0, 7200, 300);
            out.put(PartitioningKeys.DYNAMIC_PARTITIONING_RETRY_DURATION_SECONDS, Integer.toString(duration));
        }
        if (!present(enabled) || !enabled.asBoolean()) {
            return false;
        }
        out.put(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true");
        return true;
    }

    /**
     * The partition keys the Prefix uses must have a source: {@code partitionKeyFromQuery} the MetadataExtraction
     * processor, whose query produces exactly the keys the Prefix uses (when that can be known ahead);
     * {@code partitionKeyFromLambda} a Lambda processor, whose answer carries them in metadata.partitionKeys.
     */
    private static void partitionKeys(Map<String, String> out) {
        PrefixTemplate prefix = PrefixTemplate.parse(out.get(DestinationKeys.S3_PREFIX));
        if (!prefix.lambdaKeys().isEmpty() && !out.containsKey(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION)) {
            throw FirehoseErrors.invalidArgument("The expression !{partitionKeyFromLambda:...} needs "
                    + "an enabled Lambda processor that returns metadata.partitionKeys.");
        }
        if (prefix.queryKeys().isEmpty()) {
            return;
        }
        String query = out.get(PartitioningKeys.METADATA_EXTRACTION_QUERY);
        if (query == null) {
            throw FirehoseErrors.invalidArgument("The Prefix uses !{partitionKeyFromQuery:...}, which "
                    + "requires a MetadataExtraction processor with a MetadataExtractionQuery in "
                    + "ProcessingConfiguration.");
        }
        try {
            PartitionKeyCoverage.check(MetadataExtractionQuery.compile(query), prefix.queryKeys());
        } catch (IllegalArgumentException e) {
            throw FirehoseErrors.invalidArgument(e.getMessage());
        }
    }

    private static String sourceTopic(
            JsonNode request, String name, TranslationEnvironment env, Map<String, String> out) {
        String type = optionalString(request, "DeliveryStreamType", "deliveryStreamType");
        if (type == null) {
            type = "DirectPut";
        }
        switch (type) {
            case "DirectPut":
                return env.directPutTopicPrefix() + name;
            case "KinesisStreamAsSource": {
                JsonNode source = request.get("KinesisStreamSourceConfiguration");
                if (!present(source)) {
                    throw FirehoseErrors.invalidArgument(
                            "KinesisStreamSourceConfiguration is required when DeliveryStreamType is "
                                    + "KinesisStreamAsSource.");
                }
                String arn =
                        requiredString(source, "KinesisStreamARN", "kinesisStreamSourceConfiguration.kinesisStreamARN");
                var m = StreamArn.FIREHOSE_SOURCE_PATTERN.matcher(arn);
                if (!m.matches()) {
                    throw patternError(
                            arn,
                            "kinesisStreamSourceConfiguration.kinesisStreamARN",
                            StreamArn.FIREHOSE_SOURCE_PATTERN.pattern());
                }
                checkRole(source, "kinesisStreamSourceConfiguration.roleARN");
                // Firehose de-aggregates KPL aggregates read from a Kinesis stream, and tells a Lambda function
                // which stream the records come from.
                out.put(ProcessingKeys.PROCESSING_KPL_DEAGGREGATION, "true");
                out.put(ProcessingKeys.SOURCE_KINESIS_STREAM_ARN, arn);
                return TopicNames.natural(env.kinesisTopicPrefix(), m.group(1));
            }
            case "MSKAsSource": {
                JsonNode source = request.get("MSKSourceConfiguration");
                if (!present(source)) {
                    throw FirehoseErrors.invalidArgument(
                            "MSKSourceConfiguration is required when DeliveryStreamType is MSKAsSource.");
                }
                // MSKClusterARN and AuthenticationConfiguration are accepted as AWS requires them; the topic is
                // read from this platform's own Kafka cluster.
                requiredString(source, "MSKClusterARN", "mSKSourceConfiguration.mSKClusterARN");
                if (!present(source.get("AuthenticationConfiguration"))) {
                    throw missing("mSKSourceConfiguration.authenticationConfiguration");
                }
                String topic = requiredString(source, "TopicName", "mSKSourceConfiguration.topicName");
                checkLength(topic, 1, 255, "mSKSourceConfiguration.topicName");
                checkPattern(topic, TOPIC_NAME, TOPIC_NAME.pattern(), "mSKSourceConfiguration.topicName");
                return topic;
            }
            case "DatabaseAsSource":
                throw FirehoseErrors.invalidArgument("DeliveryStreamType DatabaseAsSource is not " + "supported.");
            default:
                throw ApiException.validation(validationPrefix(type, "deliveryStreamType")
                        + "Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, "
                        + "DatabaseAsSource]");
        }
    }

    static void destination(
            JsonNode dest,
            String path,
            Map<String, String> out,
            String bucketKey,
            String prefixKey,
            String errorPrefixKey,
            String sizeKey,
            String intervalKey,
            String compressionKey) {
        destination(dest, path, out, bucketKey, prefixKey, errorPrefixKey, sizeKey, intervalKey, compressionKey, false);
    }

    private static void destination(
            JsonNode dest,
            String path,
            Map<String, String> out,
            String bucketKey,
            String prefixKey,
            String errorPrefixKey,
            String sizeKey,
            String intervalKey,
            String compressionKey,
            boolean dynamicPartitioning) {
        if (!dest.isObject()) {
            throw ApiException.validation(path + " must be an object.");
        }
        checkRole(dest, path + ".roleARN");
        String bucketArn = requiredString(dest, "BucketARN", path + ".bucketARN");
        checkLength(bucketArn, 1, 2048, path + ".bucketARN");
        var m = BUCKET_ARN.matcher(bucketArn);
        if (!m.matches()) {
            throw patternError(bucketArn, path + ".bucketARN", BUCKET_ARN.pattern());
        }
        out.put(bucketKey, m.group(1));

        String prefix = nullToEmpty(optionalString(dest, "Prefix", path + ".prefix"));
        String errorPrefix = nullToEmpty(optionalString(dest, "ErrorOutputPrefix", path + ".errorOutputPrefix"));
        checkLength(prefix, 0, 1024, path + ".prefix");
        checkLength(errorPrefix, 0, 1024, path + ".errorOutputPrefix");
        try {
            PrefixRules.validate(prefix, errorPrefix, dynamicPartitioning);
        } catch (PrefixException e) {
            throw FirehoseErrors.invalidArgument(e.getMessage());
        }
        out.put(prefixKey, prefix);
        out.put(errorPrefixKey, errorPrefix);

        JsonNode hints = dest.get("BufferingHints");
        // AWS's defaults: 5 MiB, 300 seconds; with dynamic partitioning the buffer is at least 64 MiB.
        int size = dynamicPartitioning ? MIN_PARTITIONED_BUFFER_MB : 5;
        int interval = 300;
        if (present(hints)) {
            size = optionalInt(hints, "SizeInMBs", path + ".bufferingHints.sizeInMBs", 1, 128, size);
            interval = optionalInt(
                    hints, "IntervalInSeconds", path + ".bufferingHints.intervalInSeconds", 0, 900, interval);
        }
        if (dynamicPartitioning && size < MIN_PARTITIONED_BUFFER_MB) {
            throw FirehoseErrors.invalidArgument("BufferingHints.SizeInMBs must be at least "
                    + MIN_PARTITIONED_BUFFER_MB + " when dynamic partitioning is enabled.");
        }
        if (dynamicPartitioning && interval == 0) {
            throw FirehoseErrors.invalidArgument("BufferingHints.IntervalInSeconds must be greater "
                    + "than 0 when dynamic partitioning is enabled: zero buffering is not available with it.");
        }
        out.put(sizeKey, Integer.toString(size));
        out.put(intervalKey, Integer.toString(interval));

        String compression = optionalString(dest, "CompressionFormat", path + ".compressionFormat");
        if (compression != null) {
            try {
                Compression.fromAwsName(compression);
            } catch (IllegalArgumentException e) {
                throw ApiException.validation(validationPrefix(compression, path + ".compressionFormat")
                        + "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, ZIP, "
                        + "Snappy, HADOOP_SNAPPY]");
            }
        }
        out.put(compressionKey, compression == null ? Compression.UNCOMPRESSED.awsName() : compression);
    }

    private static void extendedOnly(JsonNode dest, Map<String, String> out, TranslationEnvironment env) {
        String path = "extendedS3DestinationConfiguration";
        String extension = optionalString(dest, "FileExtension", path + ".fileExtension");
        if (extension != null) {
            checkLength(extension, 0, 128, path + ".fileExtension");
            checkPattern(
                    extension,
                    DestinationKeys.FILE_EXTENSION_PATTERN,
                    "^$|\\.[0-9a-z!\\-_.*'()]+",
                    path + ".fileExtension");
            out.put(DestinationKeys.FILE_EXTENSION, extension);
        }
        String zone = optionalString(dest, "CustomTimeZone", path + ".customTimeZone");
        if (zone != null) {
            checkLength(zone, 0, 50, path + ".customTimeZone");
            checkPattern(zone, CUSTOM_TIME_ZONE, "^$|[a-zA-Z/_]+", path + ".customTimeZone");
            if (!zone.isEmpty()) {
                try {
                    ZoneId.of(zone);
                } catch (DateTimeException e) {
                    throw FirehoseErrors.invalidArgument("CustomTimeZone " + zone + " is not a supported time zone.");
                }
                out.put(DestinationKeys.CUSTOM_TIME_ZONE, zone);
            }
        }

        String backupMode = optionalString(dest, "S3BackupMode", path + ".s3BackupMode");
        if (backupMode != null && !backupMode.equals("Disabled") && !backupMode.equals("Enabled")) {
            throw ApiException.validation(validationPrefix(backupMode, path + ".s3BackupMode")
                    + "Member must satisfy enum value set: [Disabled, Enabled]");
        }
        if ("Enabled".equals(backupMode)) {
            JsonNode backup = dest.get("S3BackupConfiguration");
            if (!present(backup)) {
                throw FirehoseErrors.invalidArgument("S3BackupConfiguration is required when S3BackupMode is Enabled.");
            }
            out.put(BackupKeys.S3_BACKUP_MODE, "Enabled");
            destination(
                    backup,
                    path + ".s3BackupConfiguration",
                    out,
                    BackupKeys.S3_BACKUP_BUCKET,
                    BackupKeys.S3_BACKUP_PREFIX,
                    BackupKeys.S3_BACKUP_ERROR_OUTPUT_PREFIX,
                    BackupKeys.S3_BACKUP_BUFFERING_SIZE_MB,
                    BackupKeys.S3_BACKUP_BUFFERING_INTERVAL_SECONDS,
                    BackupKeys.S3_BACKUP_COMPRESSION_FORMAT);
        }

        ProcessingTranslator.translate(
                dest.get("ProcessingConfiguration"), path + ".processingConfiguration", out, env);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
