package io.millrace.kinesis.config;

import io.millrace.gateway.config.DeprecatedKeys;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.model.TopicNames;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * Every setting of the Kinesis API, typed and documented in one place. It carries the gateway's settings too
 * ({@link GatewayConfig}: port, credentials, the Kafka cluster...), since the Kinesis gateway hosts the other APIs.
 */
public final class KinesisConfig extends GatewayConfig {

    public static final String SHARD_LIMITS = "millrace.kinesis.shard-limits";
    public static final String ACCOUNT_SHARD_LIMIT = "millrace.kinesis.account-shard-limit";
    public static final String ON_DEMAND_STREAM_LIMIT = "millrace.kinesis.on-demand-stream-limit";
    public static final String TOPIC_PREFIX = "millrace.kinesis.topic-prefix";
    public static final String METADATA_TOPIC = "millrace.kinesis.metadata-topic";
    public static final String REPLICATION_FACTOR = "millrace.kinesis.replication-factor";
    public static final String MIN_INSYNC_REPLICAS = "millrace.kinesis.min-insync-replicas";
    public static final String ON_DEMAND_SPLIT_THRESHOLD = "millrace.kinesis.on-demand-split-threshold";
    public static final String ON_DEMAND_HOT_SECONDS = "millrace.kinesis.on-demand-hot-seconds";
    public static final String STATE_WAIT_MS = "millrace.kinesis.state-wait-ms";
    public static final String SUBSCRIPTION_SECONDS = "millrace.kinesis.subscription-seconds";
    public static final String DATA_KEY_PERIOD_MS = "millrace.kinesis.encryption.data-key-period-ms";
    public static final String READ_PREFETCH_BYTES = "millrace.kinesis.read-prefetch-bytes";
    public static final String READ_PATH = "millrace.kinesis.read-path";
    public static final String FANOUT_WINDOW_BYTES = "millrace.kinesis.fanout-window-bytes";
    public static final String CLUSTER_USAGE = "millrace.kinesis.cluster-usage";
    public static final String CLUSTER_USAGE_INTERVAL_MS = "millrace.kinesis.cluster-usage-interval-ms";
    public static final String USAGE_TOPIC = "millrace.kinesis.usage-topic";

    public static final String LIMITS_AWS = "aws";
    public static final String LIMITS_OFF = "off";
    public static final String READ_PATH_CONSUMER = "consumer";
    public static final String READ_PATH_FETCH = "fetch";

    public static final DeprecatedKeys DEPRECATED_KEYS = DeprecatedKeys.of(
            "millrace.kinesis.on-demand.split-threshold", ON_DEMAND_SPLIT_THRESHOLD,
            "millrace.kinesis.on-demand.hot-seconds", ON_DEMAND_HOT_SECONDS);

    private static final ConfigDef DEFINITION = GatewayConfig.definition()
            .define(
                    SHARD_LIMITS,
                    Type.STRING,
                    LIMITS_AWS,
                    ValidString.in(LIMITS_AWS, LIMITS_OFF),
                    Importance.MEDIUM,
                    "aws: enforce Kinesis per-shard throughput (writes 1 MiB/s and 1,000 records/s, reads 2 MiB/s and"
                            + " 5 GetRecords calls/s) with ProvisionedThroughputExceededException; off: no limit")
            .define(
                    ACCOUNT_SHARD_LIMIT,
                    Type.INT,
                    500,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Open shards allowed across all streams (AWS's default shard quota is 500 in the large regions)")
            .define(
                    ON_DEMAND_STREAM_LIMIT,
                    Type.INT,
                    50,
                    Range.atLeast(0),
                    Importance.LOW,
                    "On-demand streams allowed (AWS's default quota is 50)")
            .define(
                    TOPIC_PREFIX,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Prefix of the Kafka topic of each stream; empty means the topic is named as the stream")
            .define(
                    METADATA_TOPIC,
                    Type.STRING,
                    TopicNames.DEFAULT_METADATA_TOPIC,
                    Importance.LOW,
                    "Compacted topic that holds stream metadata, shared by every endpoint process")
            .define(
                    REPLICATION_FACTOR,
                    Type.SHORT,
                    (short) -1,
                    Range.between(-1, Short.MAX_VALUE),
                    Importance.MEDIUM,
                    "Replication factor of stream topics; -1: 3 on a cluster of 3 or more brokers, else the number"
                            + " of brokers (1 on one broker), counted when the gateway starts")
            .define(
                    MIN_INSYNC_REPLICAS,
                    Type.INT,
                    -1,
                    Range.between(-1, Short.MAX_VALUE),
                    Importance.MEDIUM,
                    "min.insync.replicas of stream topics: a PutRecord is acknowledged once this many replicas have"
                            + " it; -1: 2 when the replication factor is 3 or more, else 1")
            .define(
                    ON_DEMAND_SPLIT_THRESHOLD,
                    Type.DOUBLE,
                    0.8,
                    Range.atLeast(0.01),
                    Importance.LOW,
                    "ON_DEMAND streams: a shard written at this fraction of a shard's capacity (1 MiB/s or 1,000"
                            + " records/s) or more, for " + ON_DEMAND_HOT_SECONDS + " seconds, is split in two")
            .define(
                    ON_DEMAND_HOT_SECONDS,
                    Type.INT,
                    60,
                    Range.atLeast(1),
                    Importance.LOW,
                    "ON_DEMAND streams: how long a shard must stay hot before it is split")
            .define(
                    STATE_WAIT_MS,
                    Type.LONG,
                    5_000L,
                    Range.atLeast(0),
                    Importance.LOW,
                    "How long CreateStream and DeleteStream wait for the stream to be ACTIVE (or gone) before they"
                            + " answer. AWS answers at once, in CREATING or DELETING, and clients poll"
                            + " DescribeStreamSummary; 0 does the same, and the reconciler's next pass (within 2"
                            + " seconds) does the work. The default spares scripts and tests that use a stream right"
                            + " after creating it a polling loop, which AWS clients have anyway")
            .define(
                    SUBSCRIPTION_SECONDS,
                    Type.INT,
                    300,
                    Range.between(1, 300),
                    Importance.LOW,
                    "How long a SubscribeToShard event stream lasts before the client must subscribe again (AWS:"
                            + " 5 minutes); shorter only for tests")
            .define(
                    DATA_KEY_PERIOD_MS,
                    Type.LONG,
                    300_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Encrypted streams: how long a gateway reuses a data key from KMS (GenerateDataKey) for a"
                            + " stream's records, and keeps a data key it unwrapped (Decrypt) for reads. AWS reuses"
                            + " data keys for about 5 minutes; a disabled or deleted KMS key stops puts and reads"
                            + " within this period, and they resume within it once the key is enabled again")
            .define(
                    READ_PREFETCH_BYTES,
                    Type.LONG,
                    64L * 1024 * 1024,
                    Range.atLeast(1024 * 1024),
                    Importance.MEDIUM,
                    "Heap the shard readers of this gateway may hold fetched ahead, across all shards: each"
                            + " GetRecords reader (at most 32) fetches up to a quarter of it (at most 10 MiB, the"
                            + " most one GetRecords call returns), each SubscribeToShard up to 2 MiB (one event),"
                            + " leased when its reader opens. Once it is leased out, further readers fetch 64 KiB at"
                            + " a time: slower, never failing (Kafka returns a record larger than a fetch whole)."
                            + " The default fits a gateway in a 256 MiB heap; raise it for many busy shards")
            .define(
                    FANOUT_WINDOW_BYTES,
                    Type.LONG,
                    4L * 1024 * 1024,
                    Range.atLeast(64 * 1024),
                    Importance.LOW,
                    "SubscribeToShard: the most recent records of a shard that its one shared reader (the shard"
                            + " tail) keeps for every subscription at the tail, in key and data bytes plus 128 per"
                            + " record; leased from read-prefetch-bytes with the tail's 2 MiB fetch (64 KiB once"
                            + " that is leased out). The default holds 4 s of a shard's 1 MiB/s write limit; a"
                            + " subscription further behind reads with a Kafka consumer of its own")
            .define(
                    READ_PATH,
                    Type.STRING,
                    READ_PATH_FETCH,
                    ValidString.in(READ_PATH_CONSUMER, READ_PATH_FETCH),
                    Importance.LOW,
                    "How GetRecords reads a shard. fetch: fetch requests of the gateway's own, whose record"
                            + " batches are written into the answer without a Kafka object per record"
                            + " (read_committed like the consumer; leader moves, TLS and SASL as the consumer has"
                            + " them); a read that meets a record with headers (encrypted records) or starts at an"
                            + " offset out of range is done by the reader's consumer. consumer: a pooled Kafka"
                            + " consumer per reader for every read (the path before fetch, about 1.8x its CPU per"
                            + " GiB read)")
            .define(
                    CLUSTER_USAGE,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "true: every gateway on the cluster publishes its per-shard usage to " + USAGE_TOPIC
                            + " and debits the others' from its own budgets, so the shard quotas hold for all"
                            + " gateways together, and ON_DEMAND streams scale on the cluster-wide write rate;"
                            + " false: each gateway counts only its own traffic (N gateways admit up to N times a"
                            + " shard's quota). Gateways sharing a cluster should agree on it")
            .define(
                    CLUSTER_USAGE_INTERVAL_MS,
                    Type.LONG,
                    200L,
                    Range.between(50, 1_000),
                    Importance.LOW,
                    "How often a gateway publishes its per-shard usage (with " + CLUSTER_USAGE + "): the shorter,"
                            + " the less a shard may exceed its quota across gateways (by at most this interval of"
                            + " its rate per other gateway, beyond the one-second bursts), the more records on the"
                            + " usage topic (one per stream used, per gateway and interval)")
            .define(
                    USAGE_TOPIC,
                    Type.STRING,
                    "__millrace_shard_usage",
                    Importance.LOW,
                    "Topic of the gateways' per-shard usage reports: one partition, kept one minute, created by"
                            + " the first gateway that needs it");

    public KinesisConfig(Map<String, ?> props) {
        super(DEFINITION, GatewayConfig.DEPRECATED_KEYS.and(DEPRECATED_KEYS), props);
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public boolean shardLimitsEnforced() {
        return LIMITS_AWS.equals(getString(SHARD_LIMITS));
    }

    /** Whether this gateway shares its per-shard usage with the others on the cluster. */
    public boolean clusterUsage() {
        return getBoolean(CLUSTER_USAGE);
    }

    /** Whether the shard quotas are enforced and hold for all gateways of the cluster together. */
    public boolean clusterQuotas() {
        return shardLimitsEnforced() && clusterUsage();
    }
}
