package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The task's state in Kafka: its clients' settings, the segment log and delivery health topics. */
public final class StateKeys {
    static final String GROUP = "Delivery state in Kafka";

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

    private StateKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        KAFKA_BOOTSTRAP_SERVERS,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "Kafka cluster of the platform's state (host:port,...), set by the Firehose API to the "
                                + "gateway's; other kafka.<setting> keys reach the task's Kafka clients likewise "
                                + "(security settings). The task keeps its segment log in " + SEGMENT_LOG_TOPIC
                                + " and publishes its delivery health to " + HEALTH_TOPIC
                                + " there. Empty: the segment "
                                + "log stays in S3 (" + DeliveryKeys.SEGMENT_LOG_BUCKET
                                + ") and no health is published.",
                        GROUP,
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
                        GROUP,
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
                        GROUP,
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
                        GROUP,
                        4,
                        ConfigDef.Width.SHORT,
                        "Health interval (ms)");
    }
}
