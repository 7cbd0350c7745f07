package io.millrace.firehose.api;

import io.millrace.firehose.config.MetricsKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.config.UrlAllowlist;
import io.millrace.firehose.encryption.ServiceKey;
import io.millrace.firehose.translation.TranslationEnvironment;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.config.DeprecatedKeys;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.config.S3Settings;
import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Every key of the Firehose API on the gateway: where connectors run, where they write, how topics are named. */
public final class FirehoseConfig extends AbstractConfig {

    public static final String CONNECT_URL = "millrace.firehose.connect-url";
    public static final String METADATA_TOPIC = "millrace.firehose.metadata-topic";
    public static final String GLUE_TOPIC = "millrace.firehose.glue-topic";
    public static final String DIRECT_PUT_TOPIC_PREFIX = "millrace.firehose.direct-put-topic-prefix";
    public static final String DIRECT_PUT_PARTITIONS = "millrace.firehose.direct-put-partitions";
    public static final String KINESIS_TOPIC_PREFIX = "millrace.firehose.kinesis-topic-prefix";
    public static final String TASKS_MAX = "millrace.firehose.tasks-max";
    public static final String LAMBDA_FUNCTION_URLS = "millrace.firehose.lambda-function-urls";
    public static final String DIRECT_PUT_MB_PER_PARTITION = "millrace.firehose.direct-put-mb-per-partition";
    public static final String SINK_MAX_POLL_RECORDS = "millrace.firehose.sink-max-poll-records";
    public static final String SINK_PARTITION_FETCH_BYTES = "millrace.firehose.sink-partition-fetch-bytes";
    public static final String ENCRYPTION_SERVICE_KEY = "millrace.firehose.encryption-service-key";
    public static final String STEP_TIMEOUT_MS = "millrace.firehose.step-timeout-ms";
    public static final String RECOVERY_INTERVAL_MS = "millrace.firehose.recovery-interval-ms";
    public static final String ROLE_CHECK_INTERVAL_MS = "millrace.firehose.role-check-interval-ms";
    public static final String SEGMENT_LOG_TOPIC = "millrace.firehose.segment-log-topic";
    public static final String HEALTH_TOPIC = "millrace.firehose.health-topic";
    public static final String CLOUDWATCH_TOPIC = "millrace.firehose.cloudwatch-topic";
    public static final String CLOUDWATCH_INTERVAL_MS = "millrace.firehose.cloudwatch-interval-ms";
    public static final String PROCESSING_URL_ALLOWLIST = "millrace.firehose.processing.url-allowlist";
    public static final String KMS_ENDPOINT = "millrace.firehose.kms-endpoint";
    public static final String GLUE_ENDPOINT = "millrace.firehose.glue-endpoint";
    public static final String KMS_ACCESS_KEY_ID = "millrace.firehose.kms-access-key-id";
    public static final String KMS_SECRET_ACCESS_KEY = "millrace.firehose.kms-secret-access-key";
    public static final String DATA_KEY_PERIOD_MS = "millrace.firehose.data-key-period-ms";
    public static final String HTTP_ENDPOINT_PLAIN_HTTP_LOOPBACK =
            "millrace.firehose.http-endpoint.plain-http-loopback";
    public static final String OPENSEARCH_DOMAIN_ENDPOINTS = "millrace.firehose.opensearch-domain-endpoints";

    /** Keys of earlier versions, whose names had dots inside and an S3 set of their own. */
    public static final DeprecatedKeys DEPRECATED_KEYS = DeprecatedKeys.of(
            "millrace.firehose.connect.url", CONNECT_URL,
            "millrace.firehose.metadata.topic", METADATA_TOPIC,
            "millrace.firehose.glue.topic", GLUE_TOPIC,
            "millrace.firehose.direct-put.topic.prefix", DIRECT_PUT_TOPIC_PREFIX,
            "millrace.firehose.direct-put.partitions", DIRECT_PUT_PARTITIONS,
            "millrace.firehose.kinesis.topic.prefix", KINESIS_TOPIC_PREFIX,
            "millrace.firehose.tasks.max", TASKS_MAX,
            "millrace.firehose.lambda.function.urls", LAMBDA_FUNCTION_URLS,
            "millrace.firehose.direct-put.mb-per-partition", DIRECT_PUT_MB_PER_PARTITION,
            "millrace.firehose.encryption.service.key", ENCRYPTION_SERVICE_KEY,
            "millrace.firehose.lifecycle.step.timeout.ms", STEP_TIMEOUT_MS,
            "millrace.firehose.lifecycle.recovery.interval.ms", RECOVERY_INTERVAL_MS,
            "millrace.firehose.s3.endpoint", S3Settings.ENDPOINT,
            "millrace.firehose.s3.region", S3Settings.REGION,
            "millrace.firehose.s3.access.key.id", S3Settings.ACCESS_KEY_ID,
            "millrace.firehose.s3.secret.access.key", S3Settings.SECRET_ACCESS_KEY,
            "millrace.firehose.s3.path.style.access", S3Settings.PATH_STYLE_ACCESS);

    static final ConfigDef DEF = S3Settings.define(new ConfigDef())
            .define(
                    CONNECT_URL,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "REST URL of the Kafka Connect cluster that runs delivery streams, e.g. http://127.0.0.1:8083;"
                            + " the firehose plugin must be installed on it.")
            .define(
                    METADATA_TOPIC,
                    Type.STRING,
                    "__millrace_firehose",
                    Importance.LOW,
                    "Compacted topic holding delivery stream metadata, shared by every gateway.")
            .define(
                    GLUE_TOPIC,
                    Type.STRING,
                    "__millrace_glue",
                    Importance.LOW,
                    "Compacted topic holding the Glue Data Catalog (databases, tables) that format conversion "
                            + "reads its schemas from, shared by every gateway.")
            .define(
                    DIRECT_PUT_TOPIC_PREFIX,
                    Type.STRING,
                    "firehose-",
                    Importance.MEDIUM,
                    "Prefix of the Kafka topic a DirectPut delivery stream receives PutRecord(Batch) records in;"
                            + " kept apart from Kinesis stream topics, which carry no prefix by default.")
            .define(
                    DIRECT_PUT_PARTITIONS,
                    Type.INT,
                    1,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Partitions of a DirectPut topic: one object stream per partition, and one Connect task"
                            + " each, so that they drain in parallel.")
            .define(
                    KINESIS_TOPIC_PREFIX,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "Topic prefix of Kinesis streams (the Kinesis API's millrace.kinesis.topic-prefix).")
            .define(
                    TASKS_MAX,
                    Type.INT,
                    1,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "tasks.max of each delivery stream's connector; a DirectPut stream's has at least one per"
                            + " partition of its topic.")
            .define(
                    LAMBDA_FUNCTION_URLS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "Lambda function ARNs a Lambda processor may name, each mapped to the URL that serves it: "
                            + "arn:aws:lambda:<region>:<account>:function:<name>=<http(s) URL>, comma-separated. "
                            + "Other ARNs are refused (InvalidArgumentException).")
            .define(
                    PROCESSING_URL_ALLOWLIST,
                    Type.LIST,
                    "",
                    Importance.MEDIUM,
                    "The http(s) URLs a Lambda processor's LambdaArn may be when the gateway runs in signed mode ("
                            + GatewayConfig.AUTH_MODE + "): URL prefixes (https://fn.example.com/transform: same"
                            + " scheme, host and port, that path or below) or host[:port] patterns (fn.example.com,"
                            + " *.example.com for sub-domains), comma-separated. Empty: no URL. Others are refused"
                            + " (InvalidArgumentException) and checked again by the sink before each call. In open"
                            + " mode any URL is called; the URLs of " + LAMBDA_FUNCTION_URLS + " always are.")
            .define(
                    DIRECT_PUT_MB_PER_PARTITION,
                    Type.INT,
                    10,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "MB/s one DirectPut partition is sized for: a DirectPutSourceConfiguration ThroughputHintInMBs"
                            + " of H gives the topic max(direct-put-partitions, ceil(H / this)) partitions.")
            .define(
                    SINK_MAX_POLL_RECORDS,
                    Type.INT,
                    ConnectorSizing.DEFAULT_MAX_POLL_RECORDS,
                    ConfigDef.Range.between(1, 100_000),
                    Importance.LOW,
                    "max.poll.records of the Connect consumer of a delivery stream without a Lambda processor"
                            + " (consumer.override.max.poll.records): fewer, larger batches handed to the task when"
                            + " it drains a backlog. A stream with a Lambda processor keeps Kafka's 500, so that"
                            + " the function's retries stay within max.poll.interval.ms.")
            .define(
                    SINK_PARTITION_FETCH_BYTES,
                    Type.INT,
                    ConnectorSizing.DEFAULT_PARTITION_FETCH_BYTES,
                    ConfigDef.Range.between(1024 * 1024, 64 * 1024 * 1024),
                    Importance.LOW,
                    "max.partition.fetch.bytes of the Connect consumer of a delivery stream without a Lambda"
                            + " processor: the most bytes one fetch returns per partition (Kafka's default 1 MiB"
                            + " takes five fetches per 5 MiB object).")
            .define(
                    ENCRYPTION_SERVICE_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.MEDIUM,
                    "Base64 of 32 random bytes (openssl rand -base64 32), the same on every gateway: wraps the data"
                            + " keys of Start/StopDeliveryStreamEncryption (AWS_OWNED_CMK) before they are stored in"
                            + " the metadata topic. Empty: encryption requests fail with InvalidKMSResourceException.")
            .define(
                    KMS_ENDPOINT,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "URL of the platform's KMS API (the gateway's own, for example http://127.0.0.1:4566), given to"
                            + " every connector: it opens the data keys of records of encrypted Kinesis streams and"
                            + " of CUSTOMER_MANAGED_CMK delivery streams with KMS Decrypt. Empty: such records are"
                            + " not delivered (the delivery stream reports the failure).")
            .define(
                    GLUE_ENDPOINT,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "URL of the platform's Glue Data Catalog API (the gateway's own, for example"
                            + " http://127.0.0.1:4566), given to the connectors of Iceberg destinations: Iceberg's"
                            + " GlueCatalog commits their tables there. Empty: AWS Glue. Partitioned S3 destinations"
                            + " whose SchemaConfiguration names a partitioned table of this catalog register the"
                            + " partitions they write there; empty: they register none.")
            .define(
                    KMS_ACCESS_KEY_ID,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "Access key id connectors sign their KMS calls with: in signed mode a principal allowed"
                            + " kms:Decrypt on the keys of the streams Firehose reads. Empty: the Connect worker's"
                            + " default AWS credentials (environment, profile).")
            .define(
                    KMS_SECRET_ACCESS_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.LOW,
                    "Secret access key that goes with " + KMS_ACCESS_KEY_ID + ".")
            .define(
                    DATA_KEY_PERIOD_MS,
                    Type.LONG,
                    300_000L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "How long a data key from KMS is used (PutRecord under a CUSTOMER_MANAGED_CMK: one"
                            + " GenerateDataKey per stream and period) and kept (connectors: one Decrypt per data"
                            + " key and period), as AWS caches data keys for about five minutes; a disabled key"
                            + " stops puts and deliveries within this period.")
            .define(
                    STEP_TIMEOUT_MS,
                    Type.LONG,
                    120_000L,
                    ConfigDef.Range.atLeast(1_000),
                    Importance.LOW,
                    "A CREATING, DELETING, ENABLING or DISABLING step begun longer ago than this is taken as"
                            + " abandoned by a gateway that died, and finished by another one.")
            .define(
                    RECOVERY_INTERVAL_MS,
                    Type.LONG,
                    30_000L,
                    ConfigDef.Range.atLeast(100),
                    Importance.LOW,
                    "How often a gateway looks for abandoned steps (also once at start).")
            .define(
                    ROLE_CHECK_INTERVAL_MS,
                    Type.LONG,
                    2_000L,
                    ConfigDef.Range.atLeast(100),
                    Importance.LOW,
                    "Signed mode: how often a gateway checks that the roles of its ACTIVE delivery streams may still"
                            + " write to their bucket (and read their Kinesis source), holding or resuming delivery.")
            .define(
                    SEGMENT_LOG_TOPIC,
                    Type.STRING,
                    StateKeys.DEFAULT_SEGMENT_LOG_TOPIC,
                    Importance.LOW,
                    "Compacted topic where delivery stream tasks note object boundaries (the segment log of the"
                            + " exactly-once delivery), shared by every connector; given to each connector with"
                            + " the gateway's Kafka client settings.")
            .define(
                    HTTP_ENDPOINT_PLAIN_HTTP_LOOPBACK,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Whether an HTTP endpoint destination may have an http:// URL whose host is a loopback address"
                            + " (localhost, 127.0.0.0/8, ::1), for endpoints on the same machine; any other URL must be"
                            + " https://, as on AWS (botocore HttpEndpointUrl pattern https://.*).")
            .define(
                    OPENSEARCH_DOMAIN_ENDPOINTS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "OpenSearch domains an OpenSearch destination's DomainARN may name, each mapped to the REST"
                            + " endpoint of its cluster: <domain ARN or domain name>=<http(s) URL>, comma-separated."
                            + " Other domains are refused (InvalidArgumentException); a ClusterEndpoint needs no entry.")
            .define(
                    HEALTH_TOPIC,
                    Type.STRING,
                    StateKeys.DEFAULT_HEALTH_TOPIC,
                    Importance.LOW,
                    "Compacted topic where delivery stream tasks publish their delivery health, which every"
                            + " gateway reads for DescribeDeliveryStream's FailureDescription and GET /metrics.")
            .define(
                    CLOUDWATCH_TOPIC,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "The CloudWatch API's datapoint topic (millrace.cloudwatch.topic), given to each connector with"
                            + " the gateway's Kafka client settings: its tasks publish the delivery metrics of"
                            + " AWS/Firehose there (DeliveryToS3.*, DeliveryToHttpEndpoint.*, DeliveryToAmazonOpenSearchService.*, BackupToS3.*)."
                            + " `millrace up` sets it; empty: none are published.")
            .define(
                    CLOUDWATCH_INTERVAL_MS,
                    Type.LONG,
                    MetricsKeys.DEFAULT_INTERVAL_MS,
                    ConfigDef.Range.between(1_000, 3_600_000),
                    Importance.LOW,
                    "How often each task publishes its delivery metrics, aligned on the interval: a minute, as"
                            + " AWS's.");

    /** The gateway's Kafka client settings, handed to every connector for its delivery state; empty when unknown. */
    private final Map<String, String> kafkaClientSettings;

    public FirehoseConfig(Map<String, ?> props) {
        this(props, Map.of());
    }

    /** @param kafkaClientProps the gateway's Kafka client settings (bootstrap servers, security), for connectors */
    public FirehoseConfig(Map<String, ?> props, Map<String, Object> kafkaClientProps) {
        super(DEF, DEPRECATED_KEYS.rewrite(props));
        Map<String, String> settings = new TreeMap<>();
        kafkaClientProps.forEach((key, value) -> settings.put(
                key,
                value instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value)));
        this.kafkaClientSettings = Map.copyOf(settings);
        urlFunctionAllowlist();
    }

    /** This configuration, with the gateway's Kafka client settings for connectors. */
    FirehoseConfig withKafkaClients(Map<String, Object> kafkaClientProps) {
        return new FirehoseConfig(originals(), kafkaClientProps);
    }

    public static ConfigDef configDef() {
        return DEF;
    }

    String connectUrl() {
        String url = getString(CONNECT_URL);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String directPutTopic(String deliveryStream) {
        return getString(DIRECT_PUT_TOPIC_PREFIX) + deliveryStream;
    }

    /** The DirectPut topic's partitions for a ThroughputHintInMBs (null: none given). */
    int directPutPartitions(Integer throughputHintMBs) {
        int partitions = getInt(DIRECT_PUT_PARTITIONS);
        if (throughputHintMBs == null) {
            return partitions;
        }
        int perPartition = getInt(DIRECT_PUT_MB_PER_PARTITION);
        return Math.max(partitions, (throughputHintMBs + perPartition - 1) / perPartition);
    }

    /** How large the connector's consumer polls and fetches are, from this configuration. */
    ConnectorSizing connectorSizing() {
        return new ConnectorSizing(
                getInt(TASKS_MAX), getInt(SINK_MAX_POLL_RECORDS), getInt(SINK_PARTITION_FETCH_BYTES));
    }

    Optional<ServiceKey> serviceKey() {
        String key = getPassword(ENCRYPTION_SERVICE_KEY).value();
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServiceKey.fromBase64(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ENCRYPTION_SERVICE_KEY + ": " + e.getMessage());
        }
    }

    /**
     * The KMS settings handed to every connector ({@code millrace.sse.*} of kinesis-crypto's KinesisCryptoConfig),
     * or none without {@link #KMS_ENDPOINT}.
     */
    Map<String, String> connectorKmsSettings() {
        String endpoint = getString(KMS_ENDPOINT);
        if (endpoint.isBlank()) {
            return Map.of();
        }
        Map<String, String> settings = new TreeMap<>();
        settings.put(KinesisCryptoConfig.KMS_ENDPOINT, endpoint);
        Object region = originals().get(GatewayConfig.REGION);
        if (region != null && !String.valueOf(region).isBlank()) {
            settings.put(KinesisCryptoConfig.KMS_REGION, String.valueOf(region));
        }
        settings.put(KinesisCryptoConfig.KMS_ACCESS_KEY_ID, getString(KMS_ACCESS_KEY_ID));
        settings.put(
                KinesisCryptoConfig.KMS_SECRET_ACCESS_KEY,
                getPassword(KMS_SECRET_ACCESS_KEY).value());
        settings.put(KinesisCryptoConfig.DATA_KEY_PERIOD_MS, Long.toString(getLong(DATA_KEY_PERIOD_MS)));
        return settings;
    }

    Duration dataKeyPeriod() {
        return Duration.ofMillis(getLong(DATA_KEY_PERIOD_MS));
    }

    TranslationEnvironment environment() {
        S3Settings.S3Connection s3 = S3Settings.read(this);
        return new TranslationEnvironment(
                emptyToNull(s3.endpoint()),
                s3.region(),
                emptyToNull(s3.accessKeyId()),
                emptyToNull(s3.secretAccessKey()),
                s3.pathStyleAccess(),
                getString(DIRECT_PUT_TOPIC_PREFIX),
                getString(KINESIS_TOPIC_PREFIX),
                getInt(TASKS_MAX),
                lambdaFunctionUrls(),
                kafkaClientSettings,
                getString(SEGMENT_LOG_TOPIC),
                getString(HEALTH_TOPIC),
                urlFunctionAllowlist(),
                true,
                getBoolean(HTTP_ENDPOINT_PLAIN_HTTP_LOOPBACK),
                getString(CLOUDWATCH_TOPIC),
                getLong(CLOUDWATCH_INTERVAL_MS),
                urls(OPENSEARCH_DOMAIN_ENDPOINTS, "<domain ARN or name>=<URL>"),
                getString(GLUE_ENDPOINT));
    }

    /**
     * The gateway's auth mode as it resolved it ({@link GatewayConfig#authMode()}: the bind address and credentials
     * count), handed over under {@link GatewayConfig#AUTH_MODE} by whoever starts the gateway; open when absent.
     */
    AuthMode gatewayAuthMode() {
        Object mode = originals().get(GatewayConfig.AUTH_MODE);
        return mode == null || String.valueOf(mode).isBlank() ? AuthMode.OPEN : AuthMode.parse(String.valueOf(mode));
    }

    /** The URLs a Lambda processor may call in signed mode; null in open mode, where any may. */
    private UrlAllowlist urlFunctionAllowlist() {
        if (gatewayAuthMode() != AuthMode.SIGNED) {
            return null;
        }
        try {
            return UrlAllowlist.parse(getList(PROCESSING_URL_ALLOWLIST));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PROCESSING_URL_ALLOWLIST, getList(PROCESSING_URL_ALLOWLIST), e.getMessage());
        }
    }

    private Map<String, String> lambdaFunctionUrls() {
        return urls(LAMBDA_FUNCTION_URLS, "<function ARN>=<URL>");
    }

    /** A list of name=URL entries. */
    private Map<String, String> urls(String key, String form) {
        Map<String, String> urls = new HashMap<>();
        for (String entry : getList(key)) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigException(key, entry, "expected " + form);
            }
            urls.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return urls;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
