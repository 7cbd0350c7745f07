package io.millrace.firehose.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
        validateHttpEndpoint();
        if (backupEnabled() && getString(BackupKeys.S3_BACKUP_BUCKET).isBlank()) {
            throw new ConfigException(
                    BackupKeys.S3_BACKUP_BUCKET, "", "required when " + BackupKeys.S3_BACKUP_MODE + " is Enabled");
        }
        if (subRecordType().equals("DELIMITED")) {
            subRecordDelimiter();
        }
        String function = getString(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION);
        if (!function.isEmpty()
                && !function.startsWith("http://")
                && !function.startsWith("https://")
                && !(function.startsWith("java:") && function.length() > "java:".length())) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_LAMBDA_FUNCTION,
                    function,
                    "must be an http:// or https:// URL or java:<class name>");
        }
        UrlAllowlist allowlist = urlAllowlist();
        if (allowlist != null && function.startsWith("http") && !allowlist.allows(function)) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_LAMBDA_FUNCTION,
                    function,
                    "matches no entry of " + ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST);
        }
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

    public boolean appendDelimiter() {
        return getBoolean(ProcessingKeys.PROCESSING_APPEND_DELIMITER);
    }

    /** The delimiter with its escapes resolved. */
    public String delimiter() {
        String escaped = getString(ProcessingKeys.PROCESSING_DELIMITER);
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
        String encoded = getString(ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER);
        byte[] delimiter;
        try {
            delimiter = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER, encoded, "not valid base64");
        }
        if (delimiter.length == 0) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER,
                    encoded,
                    "required (base64) when " + ProcessingKeys.PROCESSING_SUB_RECORD_TYPE + " is DELIMITED");
        }
        return delimiter;
    }

    /** The Lambda processor, or null when there is none. */
    public LambdaSettings lambdaSettings() {
        String function = getString(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION);
        if (function.isEmpty()) {
            return null;
        }
        String arn = getString(ProcessingKeys.PROCESSING_LAMBDA_ARN).isEmpty()
                ? function
                : getString(ProcessingKeys.PROCESSING_LAMBDA_ARN);
        String streamArn = deliveryStreamArn();
        String[] arnParts = streamArn.split(":", 6);
        String region = arnParts.length > 3 && !arnParts[3].isEmpty() ? arnParts[3] : s3Region();
        String source = getString(ProcessingKeys.SOURCE_KINESIS_STREAM_ARN);
        return new LambdaSettings(
                function,
                arn,
                getInt(ProcessingKeys.PROCESSING_LAMBDA_RETRIES),
                Math.round(getDouble(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_SIZE_MB) * 1024 * 1024),
                getLong(ProcessingKeys.PROCESSING_LAMBDA_TIMEOUT_MS),
                getLong(ProcessingKeys.PROCESSING_LAMBDA_RETRY_BACKOFF_MS),
                streamArn,
                region,
                source.isEmpty() ? null : source,
                urlAllowlist());
    }

    private String deliveryStreamArn() {
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
        if (!httpEndpointDestination()) {
            return null;
        }
        return new HttpEndpointSettings(
                getString(HttpEndpointKeys.URL),
                getString(HttpEndpointKeys.NAME),
                getPassword(HttpEndpointKeys.ACCESS_KEY).value(),
                "GZIP".equals(getString(HttpEndpointKeys.CONTENT_ENCODING)),
                commonAttributes(),
                getInt(HttpEndpointKeys.RETRY_DURATION_SECONDS) * 1000L,
                getLong(HttpEndpointKeys.REQUEST_TIMEOUT_MS),
                deliveryStreamArn());
    }

    private Map<String, String> commonAttributes() {
        String json = getString(HttpEndpointKeys.COMMON_ATTRIBUTES);
        try {
            JsonNode node = new ObjectMapper().readTree(json.isBlank() ? "{}" : json);
            if (node == null || !node.isObject()) {
                throw new ConfigException(HttpEndpointKeys.COMMON_ATTRIBUTES, json, "must be a JSON object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isTextual()) {
                    throw new ConfigException(
                            HttpEndpointKeys.COMMON_ATTRIBUTES, json, "values must be strings (" + f.getKey() + ")");
                }
                out.put(f.getKey(), f.getValue().asText());
            });
            return out;
        } catch (JsonProcessingException e) {
            throw new ConfigException(HttpEndpointKeys.COMMON_ATTRIBUTES, json, "not JSON: " + e.getOriginalMessage());
        }
    }

    public boolean icebergDestination() {
        return IcebergKeys.ICEBERG.equals(getString(HttpEndpointKeys.DESTINATION_TYPE));
    }

    /** The Iceberg destination, or null when the destination is another. */
    public IcebergSettings iceberg() {
        if (!icebergDestination()) {
            return null;
        }
        String json = getString(IcebergKeys.TABLES);
        List<IcebergSettings.DestinationTable> tables = new java.util.ArrayList<>();
        try {
            com.fasterxml.jackson.databind.JsonNode list =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            if (!list.isArray()) {
                throw new ConfigException(IcebergKeys.TABLES, json, "must be a JSON array");
            }
            for (com.fasterxml.jackson.databind.JsonNode t : list) {
                String database = t.path("DestinationDatabaseName").asText("");
                String table = t.path("DestinationTableName").asText("");
                if (database.isEmpty() || table.isEmpty()) {
                    throw new ConfigException(
                            IcebergKeys.TABLES,
                            json,
                            "each entry needs DestinationDatabaseName and DestinationTableName");
                }
                List<String> keys = new java.util.ArrayList<>();
                t.path("UniqueKeys").forEach(k -> keys.add(k.asText()));
                List<String> partitions = new java.util.ArrayList<>();
                t.path("PartitionSpec")
                        .path("Identity")
                        .forEach(f -> partitions.add(f.path("SourceName").asText()));
                tables.add(new IcebergSettings.DestinationTable(
                        database, table, t.path("S3ErrorOutputPrefix").asText(""), keys, partitions));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(IcebergKeys.TABLES, json, "not JSON: " + e.getOriginalMessage());
        }
        return new IcebergSettings(
                getString(IcebergKeys.GLUE_ENDPOINT),
                getString(IcebergKeys.CATALOG_ID),
                getString(IcebergKeys.WAREHOUSE),
                tables,
                getString(IcebergKeys.DATABASE_FIELD),
                getString(IcebergKeys.TABLE_FIELD),
                getString(IcebergKeys.ERROR_PREFIX),
                s3Endpoint(),
                s3Region(),
                accessKeyId(),
                secretAccessKey(),
                pathStyleAccess(),
                new IcebergSettings.Writes(
                        getString(IcebergKeys.OPERATION_FIELD),
                        getString(IcebergKeys.OPERATION),
                        getBoolean(IcebergKeys.TABLE_CREATION),
                        getBoolean(IcebergKeys.SCHEMA_EVOLUTION)));
    }

    /** An HTTP endpoint destination takes records as processed: no S3-only features on it. */
    private void validateHttpEndpoint() {
        if (!httpEndpointDestination()) {
            return;
        }
        String url = getString(HttpEndpointKeys.URL);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(HttpEndpointKeys.URL, url, "must be an http:// or https:// URL");
        }
        if (dynamicPartitioning() || getBoolean(ConversionConfig.ENABLED)) {
            throw new ConfigException(
                    HttpEndpointKeys.DESTINATION_TYPE,
                    HttpEndpointKeys.HTTP_ENDPOINT,
                    "dynamic partitioning and format conversion are S3 destination features");
        }
        commonAttributes();
    }

    /** The URLs an http(s) function may have, or null when any may. */
    private UrlAllowlist urlAllowlist() {
        if (!getBoolean(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED)) {
            return null;
        }
        try {
            return UrlAllowlist.parse(getList(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST,
                    getList(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST),
                    e.getMessage());
        }
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
