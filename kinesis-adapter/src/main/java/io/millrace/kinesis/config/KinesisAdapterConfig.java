package io.millrace.kinesis.config;

import io.millrace.kinesis.model.TopicNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Range;

/**
 * Every setting of the Kinesis endpoint, typed and documented in one place. Keys prefixed with {@code kafka.} are
 * handed to the Kafka clients unchanged (minus the prefix), so security settings of a real cluster need no code.
 */
public final class KinesisAdapterConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String PORT = "millrace.kinesis.port";
    public static final String BIND = "millrace.kinesis.bind";
    public static final String SHARD_LIMITS = "millrace.kinesis.shard-limits";
    public static final String REGION = "millrace.kinesis.region";
    public static final String ACCOUNT_ID = "millrace.kinesis.account-id";
    public static final String ACCOUNT_SHARD_LIMIT = "millrace.kinesis.account-shard-limit";
    public static final String ON_DEMAND_STREAM_LIMIT = "millrace.kinesis.on-demand-stream-limit";
    public static final String TOPIC_PREFIX = "millrace.kinesis.topic-prefix";
    public static final String METADATA_TOPIC = "millrace.kinesis.metadata-topic";
    public static final String REPLICATION_FACTOR = "millrace.kinesis.replication-factor";
    public static final String CREDENTIALS = "millrace.kinesis.credentials";
    public static final String IO_THREADS = "millrace.kinesis.io-threads";
    public static final String ON_DEMAND_SPLIT_THRESHOLD = "millrace.kinesis.on-demand.split-threshold";
    public static final String ON_DEMAND_HOT_SECONDS = "millrace.kinesis.on-demand.hot-seconds";
    public static final String STATE_WAIT_MS = "millrace.kinesis.state-wait-ms";
    public static final String SUBSCRIPTION_SECONDS = "millrace.kinesis.subscription-seconds";
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";

    public static final String LIMITS_AWS = "aws";
    public static final String LIMITS_OFF = "off";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, Importance.HIGH,
                    "Kafka cluster that stores every stream (host:port,...)")
            .define(PORT, Type.INT, 4567, Range.between(0, 65535), Importance.HIGH,
                    "HTTP port of the Kinesis endpoint; 0 picks a free port")
            .define(BIND, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Address the endpoint listens on; 0.0.0.0 to accept remote clients")
            .define(SHARD_LIMITS, Type.STRING, LIMITS_AWS, ValidString.in(LIMITS_AWS, LIMITS_OFF), Importance.MEDIUM,
                    "aws: enforce Kinesis per-shard throughput (writes 1 MiB/s and 1,000 records/s, reads 2 MiB/s and"
                            + " 5 GetRecords calls/s) with ProvisionedThroughputExceededException; off: no limit")
            .define(REGION, Type.STRING, "us-east-1", Importance.MEDIUM,
                    "Region in ARNs when a request's signature names none")
            .define(ACCOUNT_ID, Type.STRING, "000000000000", Importance.LOW, "12-digit account id in ARNs")
            .define(ACCOUNT_SHARD_LIMIT, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM,
                    "Open shards allowed across all streams (AWS's default shard quota is 500 in the large regions)")
            .define(ON_DEMAND_STREAM_LIMIT, Type.INT, 50, Range.atLeast(0), Importance.LOW,
                    "On-demand streams allowed (AWS's default quota is 50)")
            .define(TOPIC_PREFIX, Type.STRING, "", Importance.MEDIUM,
                    "Prefix of the Kafka topic of each stream; empty means the topic is named as the stream")
            .define(METADATA_TOPIC, Type.STRING, TopicNames.DEFAULT_METADATA_TOPIC, Importance.LOW,
                    "Compacted topic that holds stream metadata, shared by every endpoint process")
            .define(REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.MEDIUM,
                    "Replication factor of stream topics; -1 takes the broker's default")
            .define(CREDENTIALS, Type.LIST, List.of(), Importance.MEDIUM,
                    "ACCESS_KEY:SECRET pairs whose SigV4 signatures are verified; empty accepts any signature")
            .define(IO_THREADS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Netty event-loop threads; 0 picks twice the cores")
            .define(ON_DEMAND_SPLIT_THRESHOLD, Type.DOUBLE, 0.8, Range.atLeast(0.01), Importance.LOW,
                    "ON_DEMAND streams: a shard written at this fraction of a shard's capacity (1 MiB/s or 1,000"
                            + " records/s) or more, for " + ON_DEMAND_HOT_SECONDS + " seconds, is split in two")
            .define(ON_DEMAND_HOT_SECONDS, Type.INT, 60, Range.atLeast(1), Importance.LOW,
                    "ON_DEMAND streams: how long a shard must stay hot before it is split")
            .define(STATE_WAIT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    "How long CreateStream and DeleteStream wait for the stream to be ACTIVE (or gone) before they"
                            + " answer. AWS answers at once, in CREATING or DELETING, and clients poll"
                            + " DescribeStreamSummary; 0 does the same, and the reconciler's next pass (within 2"
                            + " seconds) does the work. The default spares scripts and tests that use a stream right"
                            + " after creating it a polling loop, which AWS clients have anyway")
            .define(SUBSCRIPTION_SECONDS, Type.INT, 300, Range.between(1, 300), Importance.LOW,
                    "How long a SubscribeToShard event stream lasts before the client must subscribe again (AWS:"
                            + " 5 minutes); shorter only for tests");

    public KinesisAdapterConfig(Map<String, ?> props) {
        super(DEFINITION, props, false);
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    public boolean shardLimitsEnforced() {
        return LIMITS_AWS.equals(getString(SHARD_LIMITS));
    }

    /** Kafka client settings passed through with the {@code kafka.} prefix, plus the bootstrap servers. */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_CLIENT_PREFIX));
        props.put("bootstrap.servers", String.join(",", bootstrapServers()));
        return props;
    }
}
