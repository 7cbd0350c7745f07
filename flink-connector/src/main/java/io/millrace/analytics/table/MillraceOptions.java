package io.millrace.analytics.table;

import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import io.millrace.kinesis.model.TopicNames;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every option of the {@code 'connector' = 'millrace'} table connector. Table options win over the session
 * options ({@code millrace.*}, set with {@code SET} or by {@code ./millrace sql --bootstrap-servers}), so shipped
 * job files need not name a cluster.
 */
public final class MillraceOptions {

    private MillraceOptions() {}

    /** Prefix of Kafka client properties passed through unchanged, as in the Kafka connector. */
    public static final String PROPERTIES_PREFIX = "properties.";

    /** Session key giving every Millrace table a default cluster. */
    public static final ConfigOption<String> SESSION_BOOTSTRAP_SERVERS = ConfigOptions.key("millrace.bootstrap.servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Session default for 'bootstrap.servers' of Millrace tables and the catalog.");

    /**
     * Session defaults of the {@code sse.kms.*} table options, under kinesis-crypto's key names: whoever runs the
     * session (the application API) gives every table the platform's key service, and a table's own options win.
     */
    public static final ConfigOption<String> SESSION_SSE_KMS_ENDPOINT = ConfigOptions.key(
                    KinesisCryptoConfig.KMS_ENDPOINT)
            .stringType()
            .noDefaultValue()
            .withDescription("Session default for 'sse.kms.endpoint' of Millrace tables.");

    public static final ConfigOption<String> SESSION_SSE_KMS_REGION = ConfigOptions.key(KinesisCryptoConfig.KMS_REGION)
            .stringType()
            .noDefaultValue()
            .withDescription("Session default for 'sse.kms.region' of Millrace tables.");

    public static final ConfigOption<String> SESSION_SSE_KMS_ACCESS_KEY_ID = ConfigOptions.key(
                    KinesisCryptoConfig.KMS_ACCESS_KEY_ID)
            .stringType()
            .noDefaultValue()
            .withDescription("Session default for 'sse.kms.access-key-id' (with the secret below) of Millrace tables"
                    + " that give no credentials of their own; not used by a job running as a role"
                    + " (millrace.access.*), which uses KMS with the role's credentials.");

    public static final ConfigOption<String> SESSION_SSE_KMS_SECRET_ACCESS_KEY = ConfigOptions.key(
                    KinesisCryptoConfig.KMS_SECRET_ACCESS_KEY)
            .stringType()
            .noDefaultValue()
            .withDescription("Session default for 'sse.kms.secret-access-key'.");

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("stream").stringType().noDefaultValue().withDescription("Name of the Millrace stream.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("bootstrap.servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers of the Millrace cluster; defaults to the session's "
                    + "'millrace.bootstrap.servers'.");

    public static final ConfigOption<String> TOPIC_PREFIX = ConfigOptions.key("topic-prefix")
            .stringType()
            .defaultValue("")
            .withDescription("Prefix of stream topics, as configured on the gateway (default none).");

    public static final ConfigOption<String> METADATA_TOPIC = ConfigOptions.key("metadata-topic")
            .stringType()
            .defaultValue(TopicNames.DEFAULT_METADATA_TOPIC)
            .withDescription("Compacted topic holding the stream metadata (shard map) written by the gateway.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.TRIM_HORIZON)
            .withDescription("Where reading starts in every shard: trim-horizon, latest or at-timestamp.");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS = ConfigOptions.key(
                    "scan.startup.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("Arrival time (epoch ms) to start from with scan.startup.mode = at-timestamp.");

    public static final ConfigOption<BoundedMode> SCAN_BOUNDED_MODE = ConfigOptions.key("scan.bounded.mode")
            .enumType(BoundedMode.class)
            .defaultValue(BoundedMode.UNBOUNDED)
            .withDescription("unbounded, latest (stop at the end of every shard as of job start) or at-timestamp.");

    public static final ConfigOption<Long> SCAN_BOUNDED_TIMESTAMP_MILLIS = ConfigOptions.key(
                    "scan.bounded.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("Arrival time (epoch ms) to stop at with scan.bounded.mode = at-timestamp.");

    public static final ConfigOption<Duration> SCAN_SHARD_DISCOVERY_INTERVAL = ConfigOptions.key(
                    "scan.shard-discovery.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("How often an unbounded scan looks for shards added by resharding.");

    public static final ConfigOption<String> SSE_KMS_ENDPOINT = ConfigOptions.key("sse.kms.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("URL of the KMS API (the gateway's, for example http://127.0.0.1:4566) that opens the "
                    + "data keys of records put after StartStreamEncryption, and gives a sink the data keys it seals "
                    + "records with (GenerateDataKey); defaults to the session's 'millrace.sse.kms.endpoint'; "
                    + "without either a scan that meets an encrypted record fails, as does a write into an "
                    + "encrypted stream.");

    public static final ConfigOption<String> SSE_KMS_REGION = ConfigOptions.key("sse.kms.region")
            .stringType()
            .defaultValue("us-east-1")
            .withDescription("Region the KMS calls are signed for.");

    public static final ConfigOption<String> SSE_KMS_ACCESS_KEY_ID = ConfigOptions.key("sse.kms.access-key-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Access key id of a principal allowed kms:Decrypt (reads) or kms:GenerateDataKey"
                    + " (writes) on the stream's key; without it the"
                    + " job's role credentials (millrace.access.*), else the AWS SDK's default credentials"
                    + " (environment, profile) of the task managers.");

    public static final ConfigOption<String> SSE_KMS_SECRET_ACCESS_KEY = ConfigOptions.key("sse.kms.secret-access-key")
            .stringType()
            .noDefaultValue()
            .withDescription("Secret access key that goes with sse.kms.access-key-id.");

    public static final ConfigOption<String> SINK_PARTITION_KEY_FIELD = ConfigOptions.key("sink.partition-key.field")
            .stringType()
            .defaultValue("partition_key")
            .withDescription("Physical column used as partition key when no 'partition_key' metadata column is "
                    + "declared; the column stays in the encoded value.");

    public static final ConfigOption<Duration> SINK_SHARD_MAP_REFRESH_INTERVAL = ConfigOptions.key(
                    "sink.shard-map.refresh-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often the sink re-reads the shard map so records follow resharding.");

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE = ConfigOptions.key(
                    "sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription(
                    "at-least-once, exactly-once (needs checkpoints and sink.transactional-id-prefix) or none.");

    public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX = ConfigOptions.key(
                    "sink.transactional-id-prefix")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka transactional id prefix for exactly-once delivery; unique per job.");

    /** Where a scan starts in each shard; names follow the Kinesis ShardIteratorType. */
    public enum StartupMode {
        TRIM_HORIZON("trim-horizon"),
        LATEST("latest"),
        AT_TIMESTAMP("at-timestamp");

        private final String value;

        StartupMode(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Where a bounded scan stops; bounded scans let batch-style scripts and tests terminate. */
    public enum BoundedMode {
        UNBOUNDED("unbounded"),
        LATEST("latest"),
        AT_TIMESTAMP("at-timestamp");

        private final String value;

        BoundedMode(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
