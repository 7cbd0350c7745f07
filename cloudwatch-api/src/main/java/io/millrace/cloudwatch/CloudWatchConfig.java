package io.millrace.cloudwatch;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Every key of the CloudWatch API on the gateway. */
public final class CloudWatchConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.cloudwatch.topic";
    public static final String TOPIC_PARTITIONS = "millrace.cloudwatch.topic-partitions";
    public static final String APPLICATION_ID = "millrace.cloudwatch.application-id";
    public static final String STATE_DIR = "millrace.cloudwatch.state-dir";
    public static final String RETENTION_MS = "millrace.cloudwatch.retention-ms";
    public static final String HIGH_RESOLUTION_RETENTION_MS = "millrace.cloudwatch.high-resolution-retention-ms";
    public static final String THREADS = "millrace.cloudwatch.threads";
    public static final String ADVERTISED_ENDPOINT = "millrace.cloudwatch.advertised-endpoint";
    public static final String PEER_KEY = "millrace.cloudwatch.peer-key";
    public static final String ALARMS_TOPIC = "millrace.cloudwatch.alarms-topic";
    public static final String ALARM_EVALUATION_INTERVAL_MS = "millrace.cloudwatch.alarm-evaluation-interval-ms";
    public static final String MAX_ALARMS = "millrace.cloudwatch.max-alarms";
    public static final String PLATFORM_METRICS_INTERVAL_MS = "millrace.cloudwatch.platform-metrics-interval-ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_metrics",
                    Importance.LOW,
                    "Topic every gateway writes the datapoints of PutMetricData to, keyed by namespace, metric name"
                            + " and dimensions; created at start when missing.")
            .define(
                    TOPIC_PARTITIONS,
                    Type.INT,
                    6,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Partitions of the datapoint topic when the gateway creates it: the unit Kafka Streams spreads"
                            + " over the gateways.")
            .define(
                    APPLICATION_ID,
                    Type.STRING,
                    "millrace-cloudwatch",
                    Importance.LOW,
                    "Kafka Streams application id: every gateway of a cluster uses the same, so they share the"
                            + " topic's partitions and the state stores' changelog topics.")
            .define(
                    STATE_DIR,
                    Type.STRING,
                    "data/cloudwatch",
                    Importance.MEDIUM,
                    "Directory of the local state stores (RocksDB), relative to the working directory unless absolute;"
                            + " `millrace up` puts it under DATA/cloudwatch.")
            .define(
                    RETENTION_MS,
                    Type.LONG,
                    15L * 24 * 60 * 60 * 1000,
                    ConfigDef.Range.atLeast(60_000L),
                    Importance.MEDIUM,
                    "How long 1-minute aggregates are kept (AWS keeps 1-minute data for 15 days); also how late a"
                            + " datapoint may arrive.")
            .define(
                    HIGH_RESOLUTION_RETENTION_MS,
                    Type.LONG,
                    3L * 60 * 60 * 1000,
                    ConfigDef.Range.atLeast(1000L),
                    Importance.LOW,
                    "How long 1-second aggregates of StorageResolution 1 metrics are kept (AWS keeps them 3 hours).")
            .define(
                    THREADS,
                    Type.INT,
                    2,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Threads that run the actions (writes wait on Kafka, reads on the state stores), off the"
                            + " gateway's I/O threads.")
            .define(
                    ADVERTISED_ENDPOINT,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "HOST:PORT where the other gateways reach this one's plain HTTP port to read the metrics it holds"
                            + " (Kafka Streams' `application.server`). Empty: the gateway's bind address (this"
                            + " host's name when it binds every interface) and port; with port 0 or off, reads see"
                            + " only this gateway's partitions, right for a lone gateway.")
            .define(
                    PEER_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.MEDIUM,
                    "Secret the gateways sign their reads of each other's metrics with (SigV4, access key"
                            + " MILLRACECLOUDWATCHPEER): set the same on every gateway of a cluster in signed mode."
                            + " Empty: a random one per process, enough for one gateway; `millrace up` keeps one in"
                            + " DATA/cloudwatch/peer.key.")
            .define(
                    ALARMS_TOPIC,
                    Type.STRING,
                    "__millrace_cloudwatch_alarms",
                    Importance.LOW,
                    "Compacted topic of the metric alarms (definitions and states, the platform's versioned store)"
                            + " that every gateway tails; created at start when missing.")
            .define(
                    ALARM_EVALUATION_INTERVAL_MS,
                    Type.LONG,
                    10_000L,
                    ConfigDef.Range.atLeast(100L),
                    Importance.LOW,
                    "How often every gateway evaluates the alarms on the aggregates: AWS evaluates an alarm as its"
                            + " period ends, and the shortest alarm period is 10 seconds.")
            .define(
                    MAX_ALARMS,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Alarms the account may have; PutMetricAlarm of one more is LimitExceeded (\"The quota for alarms"
                            + " for this customer has already been reached\").")
            .define(
                    PLATFORM_METRICS_INTERVAL_MS,
                    Type.LONG,
                    60_000L,
                    CloudWatchConfig::divisorOfAMinute,
                    Importance.LOW,
                    "How often the platform's APIs publish what they counted per call (AWS/Kinesis, AWS/Firehose,"
                            + " AWS/Lambda) as `millrace up` runs them: a minute, as AWS's basic monitoring. A shorter"
                            + " interval (a divisor of a minute, 1 s at least) keeps the per-minute aggregates the"
                            + " same but fills the minute in progress as it goes, so the console's charts and the"
                            + " alarms see traffic within seconds. AWS/KinesisAnalytics stays a minute.");

    /** Runs aligned on the interval then start and end on minute boundaries, so none spans two minutes. */
    private static void divisorOfAMinute(String name, Object value) {
        long ms = (Long) value;
        if (ms < 1000 || ms > 60_000 || 60_000 % ms != 0) {
            throw new ConfigException(name, value, "must divide a minute (60000 ms) and be at least 1000 ms");
        }
    }

    public CloudWatchConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }
}
