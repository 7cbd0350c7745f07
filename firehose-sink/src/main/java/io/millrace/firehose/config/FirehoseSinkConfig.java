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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
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
    /**
     * The key groups, in the order the README table and Connect's listing show them. A new group is a class with a
     * {@code define(ConfigDef)} method added here.
     */
    private static final List<Consumer<ConfigDef>> GROUPS = List.of(
            StreamKeys::define,
            S3ConnectionKeys::define,
            DestinationKeys::define,
            BackupKeys::define,
            ProcessingKeys::define,
            PartitioningKeys::define,
            DeliveryKeys::define,
            StateKeys::define,
            MetricsKeys::define,
            ConversionConfig::define,
            HttpEndpointKeys::define,
            OpenSearchKeys::define,
            IcebergKeys::define,
            GluePartitionKeys::define);

    public static final ConfigDef CONFIG_DEF = assemble();

    private static ConfigDef assemble() {
        ConfigDef def = new ConfigDef();
        GROUPS.forEach(group -> group.accept(def));
        return def;
    }

    public FirehoseSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        validateCrossField();
    }

    private void validateCrossField() {
        if (!DestinationKeys.FILE_EXTENSION_PATTERN
                .matcher(getString(DestinationKeys.FILE_EXTENSION))
                .matches()) {
            throw new ConfigException(
                    DestinationKeys.FILE_EXTENSION,
                    getString(DestinationKeys.FILE_EXTENSION),
                    "must be empty or a dot followed by [0-9a-z!-_.*'()], at most 128 characters");
        }
        zone();
        try {
            PrefixRules.validate(
                    getString(DestinationKeys.S3_PREFIX),
                    getString(DestinationKeys.S3_ERROR_OUTPUT_PREFIX),
                    dynamicPartitioning());
            if (backupEnabled()) {
                PrefixRules.validate(
                        getString(BackupKeys.S3_BACKUP_PREFIX), getString(BackupKeys.S3_BACKUP_ERROR_OUTPUT_PREFIX));
            }
        } catch (PrefixException e) {
            throw new ConfigException(e.getMessage());
        }
        validatePartitioning();
        HttpEndpointConfig.validate(this);
        if (backupEnabled() && getString(BackupKeys.S3_BACKUP_BUCKET).isBlank()) {
            throw new ConfigException(
                    BackupKeys.S3_BACKUP_BUCKET, "", "required when " + BackupKeys.S3_BACKUP_MODE + " is Enabled");
        }
        if (subRecordType().equals("DELIMITED")) {
            subRecordDelimiter();
        }
        ProcessingConfig.validateFunction(this);
        if (getBoolean(ConversionConfig.ENABLED)) {
            // AWS disables S3 compression with format conversion: Parquet and ORC compress inside the file.
            if (!Compression.UNCOMPRESSED.awsName().equals(getString(DestinationKeys.COMPRESSION_FORMAT))) {
                throw new ConfigException(
                        DestinationKeys.COMPRESSION_FORMAT,
                        getString(DestinationKeys.COMPRESSION_FORMAT),
                        "must be UNCOMPRESSED when " + ConversionConfig.ENABLED + " is true");
            }
            ConversionConfig.from(this);
        }
        if (getLong(DeliveryKeys.RETRY_BACKOFF_MAX_MS) < getLong(DeliveryKeys.RETRY_BACKOFF_INITIAL_MS)) {
            throw new ConfigException(
                    DeliveryKeys.RETRY_BACKOFF_MAX_MS,
                    getLong(DeliveryKeys.RETRY_BACKOFF_MAX_MS),
                    "must be at least " + DeliveryKeys.RETRY_BACKOFF_INITIAL_MS);
        }
    }

    /** The partition keys the Prefix uses must come from somewhere this stream has. */
    private void validatePartitioning() {
        String query = getString(PartitioningKeys.METADATA_EXTRACTION_QUERY);
        if (!dynamicPartitioning()) {
            if (!query.isBlank()) {
                throw new ConfigException(
                        PartitioningKeys.METADATA_EXTRACTION_QUERY,
                        query,
                        "the MetadataExtraction processor " + "requires "
                                + PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED + "=true");
            }
            return;
        }
        PrefixTemplate prefix = PrefixTemplate.parse(getString(DestinationKeys.S3_PREFIX));
        if (!prefix.lambdaKeys().isEmpty()
                && getString(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION).isBlank()) {
            throw new ConfigException(
                    DestinationKeys.S3_PREFIX,
                    getString(DestinationKeys.S3_PREFIX),
                    "!{partitionKeyFromLambda:...} needs a Lambda " + "processor ("
                            + ProcessingKeys.PROCESSING_LAMBDA_FUNCTION + ") returning metadata.partitionKeys");
        }
        if (prefix.queryKeys().isEmpty()) {
            return;
        }
        if (query.isBlank()) {
            throw new ConfigException(
                    PartitioningKeys.METADATA_EXTRACTION_QUERY,
                    query,
                    "required when " + DestinationKeys.S3_PREFIX + " uses !{partitionKeyFromQuery:...}");
        }
        try {
            PartitionKeyCoverage.check(MetadataExtractionQuery.compile(query), prefix.queryKeys());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PartitioningKeys.METADATA_EXTRACTION_QUERY, query, e.getMessage());
        }
    }

    public String streamName() {
        return getString(StreamKeys.DELIVERY_STREAM_NAME);
    }

    public int streamVersion() {
        return getInt(StreamKeys.DELIVERY_STREAM_VERSION);
    }

    public ZoneId zone() {
        String zone = getString(DestinationKeys.CUSTOM_TIME_ZONE);
        try {
            return ZoneId.of(zone.isBlank() ? "UTC" : zone);
        } catch (DateTimeException e) {
            throw new ConfigException(DestinationKeys.CUSTOM_TIME_ZONE, zone, "not a known time zone id");
        }
    }

    public boolean dynamicPartitioning() {
        return getBoolean(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED);
    }

    public int maxActivePartitions() {
        return getInt(PartitioningKeys.DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS);
    }

    /** How records are partitioned, or null without dynamic partitioning. */
    public RecordPartitioner partitioner() {
        if (!dynamicPartitioning()) {
            return null;
        }
        PrefixTemplate prefix = PrefixTemplate.parse(getString(DestinationKeys.S3_PREFIX));
        Set<String> queryKeys = prefix.queryKeys();
        MetadataExtractionQuery query = queryKeys.isEmpty()
                ? null
                : MetadataExtractionQuery.compile(getString(PartitioningKeys.METADATA_EXTRACTION_QUERY));
        return new RecordPartitioner(query, queryKeys, prefix.lambdaKeys());
    }

    public boolean backupEnabled() {
        return "Enabled".equals(getString(BackupKeys.S3_BACKUP_MODE));
    }

    /**
     * The KMS key ARN of each bucket whose objects are written with SSE-KMS: the destination's, when its
     * EncryptionConfiguration names one (its error output shares the bucket, and so the key).
     */
    public Map<String, String> sseKmsKeys() {
        String keyArn = getString(DestinationKeys.S3_KMS_KEY_ARN);
        return keyArn.isEmpty() ? Map.of() : Map.of(getString(DestinationKeys.S3_BUCKET), keyArn);
    }

    public DestinationSettings destination() {
        Compression compression = Compression.fromAwsName(getString(DestinationKeys.COMPRESSION_FORMAT));
        ConversionConfig.Conversion conversion = conversion();
        String defaultExtension = conversion != null ? conversion.defaultExtension() : compression.defaultExtension();
        String ext = getString(DestinationKeys.FILE_EXTENSION).isEmpty()
                ? defaultExtension
                : getString(DestinationKeys.FILE_EXTENSION);
        ObjectKeys keys = new ObjectKeys(
                streamName(),
                streamVersion(),
                getString(DestinationKeys.S3_PREFIX),
                getString(DestinationKeys.S3_ERROR_OUTPUT_PREFIX),
                zone(),
                ext,
                dynamicPartitioning());
        return new DestinationSettings(
                getString(DestinationKeys.S3_BUCKET),
                keys,
                mib(getInt(DestinationKeys.BUFFERING_SIZE_MB)),
                getInt(DestinationKeys.BUFFERING_INTERVAL_SECONDS) * 1000L,
                compression);
    }

    public DestinationSettings backup() {
        Compression compression = Compression.fromAwsName(getString(BackupKeys.S3_BACKUP_COMPRESSION_FORMAT));
        ObjectKeys keys = new ObjectKeys(
                streamName(),
                streamVersion(),
                getString(BackupKeys.S3_BACKUP_PREFIX),
                getString(BackupKeys.S3_BACKUP_ERROR_OUTPUT_PREFIX),
                zone(),
                compression.defaultExtension());
        return new DestinationSettings(
                getString(BackupKeys.S3_BACKUP_BUCKET),
                keys,
                mib(getInt(BackupKeys.S3_BACKUP_BUFFERING_SIZE_MB)),
                getInt(BackupKeys.S3_BACKUP_BUFFERING_INTERVAL_SECONDS) * 1000L,
                compression);
    }

    /** DataFormatConversionConfiguration: the table, deserializer and serializer, or null when it is off. */
    public ConversionConfig.Conversion conversion() {
        return ConversionConfig.from(this);
    }

    public String s3Endpoint() {
        return getString(S3ConnectionKeys.S3_ENDPOINT);
    }

    public String s3Region() {
        return getString(S3ConnectionKeys.S3_REGION);
    }

    public String accessKeyId() {
        return getString(S3ConnectionKeys.S3_ACCESS_KEY_ID);
    }

    public String secretAccessKey() {
        Password p = getPassword(S3ConnectionKeys.S3_SECRET_ACCESS_KEY);
        return p == null ? "" : p.value();
    }

    public boolean pathStyleAccess() {
        return getBoolean(S3ConnectionKeys.S3_PATH_STYLE_ACCESS);
    }

    /** The delimiter with its escapes resolved. */
    public String delimiter() {
        return ProcessingConfig.delimiter(this);
    }

    public boolean appendDelimiter() {
        return getBoolean(ProcessingKeys.PROCESSING_APPEND_DELIMITER);
    }

    /** The delivery stream reads a Kinesis stream (KinesisStreamAsSource). */
    public boolean kinesisStreamSource() {
        return !getString(ProcessingKeys.SOURCE_KINESIS_STREAM_ARN).isEmpty();
    }

    public boolean kplDeaggregation() {
        return getBoolean(ProcessingKeys.PROCESSING_KPL_DEAGGREGATION);
    }

    /** The RecordDeAggregation processor's SubRecordType: JSON, DELIMITED, or empty when there is none. */
    public String subRecordType() {
        return getString(ProcessingKeys.PROCESSING_SUB_RECORD_TYPE);
    }

    /** The DELIMITED processor's delimiter, base64-decoded; read when {@link #subRecordType()} is DELIMITED. */
    public byte[] subRecordDelimiter() {
        return ProcessingConfig.subRecordDelimiter(this);
    }

    /** The Lambda processor, or null when there is none. */
    public LambdaSettings lambdaSettings() {
        return ProcessingConfig.lambdaSettings(this);
    }

    String deliveryStreamArn() {
        return getString(ProcessingKeys.DELIVERY_STREAM_ARN).isEmpty()
                ? "arn:aws:firehose:" + s3Region() + ":000000000000:deliverystream/" + streamName()
                : getString(ProcessingKeys.DELIVERY_STREAM_ARN);
    }

    /**
     * The name AWS/Firehose gives the destination's delivery metrics: DeliveryToS3, DeliveryToHttpEndpoint,
     * DeliveryToAmazonOpenSearchService or DeliveryToIceberg (AWS: Firehose's CloudWatch metrics, "Data delivery metrics").
     */
    public String destinationMetricName() {
        String type = getString(HttpEndpointKeys.DESTINATION_TYPE);
        if (HttpEndpointKeys.HTTP_ENDPOINT.equals(type)) {
            return "DeliveryToHttpEndpoint";
        }
        if (IcebergKeys.ICEBERG.equals(type)) {
            // AWS's Iceberg page lists .Bytes, .DataFreshness and .Success (one per commit) under this name.
            return "DeliveryToIceberg";
        }
        return OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE.equals(type)
                ? "DeliveryToAmazonOpenSearchService"
                : "DeliveryToS3";
    }

    public boolean httpEndpointDestination() {
        return HttpEndpointKeys.HTTP_ENDPOINT.equals(getString(HttpEndpointKeys.DESTINATION_TYPE));
    }

    /** The HTTP endpoint destination, or null when the destination is S3. */
    public HttpEndpointSettings httpEndpoint() {
        return HttpEndpointConfig.read(this);
    }

    public boolean icebergDestination() {
        return IcebergKeys.ICEBERG.equals(getString(HttpEndpointKeys.DESTINATION_TYPE));
    }

    /** The Iceberg destination, or null when the destination is another. */
    public IcebergSettings iceberg() {
        return IcebergConfig.read(this);
    }

    public String bufferDirectory() {
        return getString(DeliveryKeys.BUFFER_DIRECTORY);
    }

    public String segmentLogBucket() {
        String bucket = getString(DeliveryKeys.SEGMENT_LOG_BUCKET);
        return bucket.isBlank() ? getString(DestinationKeys.S3_BUCKET) : bucket;
    }

    public String segmentLogPrefix() {
        return getString(DeliveryKeys.SEGMENT_LOG_PREFIX);
    }

    /**
     * Settings of the task's own Kafka clients ({@code kafka.} keys without the prefix), empty when no bootstrap
     * servers are configured.
     */
    public Map<String, Object> stateKafkaClientProps() {
        if (getString(StateKeys.KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
            return Map.of();
        }
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(StateKeys.KAFKA_CLIENT_PREFIX));
        props.put(
                "bootstrap.servers",
                getString(StateKeys.KAFKA_BOOTSTRAP_SERVERS).trim());
        return props;
    }

    public String segmentLogTopic() {
        return getString(StateKeys.SEGMENT_LOG_TOPIC);
    }

    public String healthTopic() {
        return getString(StateKeys.HEALTH_TOPIC);
    }

    public long healthIntervalMillis() {
        return getLong(StateKeys.HEALTH_INTERVAL_MS);
    }

    /** The CloudWatch API's datapoint topic, empty when the task publishes no metrics there. */
    public String cloudWatchTopic() {
        return getString(MetricsKeys.CLOUDWATCH_TOPIC);
    }

    public long cloudWatchIntervalMillis() {
        return getLong(MetricsKeys.CLOUDWATCH_INTERVAL_MS);
    }

    public long backoffInitialMillis() {
        return getLong(DeliveryKeys.RETRY_BACKOFF_INITIAL_MS);
    }

    public String encryptionDataKeys() {
        return getPassword(DeliveryKeys.ENCRYPTION_DATA_KEYS).value();
    }

    public int uploadParallelism() {
        return getInt(DeliveryKeys.UPLOAD_PARALLELISM);
    }

    public long backoffMaxMillis() {
        return getLong(DeliveryKeys.RETRY_BACKOFF_MAX_MS);
    }

    private static long mib(int n) {
        return n * 1024L * 1024L;
    }
}
