package io.millrace.cloudtrail;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Every key of the audit trail and of the CloudTrail API on the gateway. */
public final class CloudTrailConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.cloudtrail.topic";
    public static final String TOPIC_PARTITIONS = "millrace.cloudtrail.topic-partitions";
    public static final String RETENTION_MS = "millrace.cloudtrail.retention-ms";
    public static final String DATA_EVENTS = "millrace.cloudtrail.data-events";
    public static final String LINGER_MS = "millrace.cloudtrail.linger-ms";
    public static final String TRAILS_TOPIC = "millrace.cloudtrail.trails-topic";
    public static final String DELIVERY_PERIOD_MS = "millrace.cloudtrail.delivery-period-ms";

    /** CloudTrail "typically delivers log files within an average of about 5 minutes of an API call". */
    private static final long FIVE_MINUTES_MS = 5L * 60 * 1000;

    /** CloudTrail's event history keeps 90 days of management events. */
    private static final long NINETY_DAYS_MS = 90L * 24 * 60 * 60 * 1000;

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_audit",
                    Importance.LOW,
                    "Topic every gateway writes its audit events to (Avro CloudTrailEvent, key = event id,"
                            + " timestamp = event time), and LookupEvents reads. Created on first start.")
            .define(
                    TOPIC_PARTITIONS,
                    Type.INT,
                    1,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Partitions of the audit topic when it is created: more spread the writes of many gateways.")
            .define(
                    RETENTION_MS,
                    Type.LONG,
                    NINETY_DAYS_MS,
                    ConfigDef.Range.atLeast(60_000),
                    Importance.MEDIUM,
                    "How long the audit topic keeps events (retention.ms when it is created): 90 days by default,"
                            + " CloudTrail's event history.")
            .define(
                    DATA_EVENTS,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Whether data events are recorded too (Kinesis PutRecord(s), GetRecords, GetShardIterator,"
                            + " SubscribeToShard; Firehose PutRecord(Batch); DynamoDB item calls; CloudWatch metric"
                            + " data; Lambda Invoke), as a CloudTrail trail with data event selectors. Management"
                            + " events are"
                            + " always recorded.")
            .define(
                    LINGER_MS,
                    Type.INT,
                    1,
                    ConfigDef.Range.between(0, 100),
                    Importance.LOW,
                    "linger.ms of the audit producer: every answer waits for its event's acknowledgement, so this"
                            + " adds to each call's latency while batching the events of concurrent calls.")
            .define(
                    TRAILS_TOPIC,
                    Type.STRING,
                    "__millrace_cloudtrail",
                    Importance.LOW,
                    "Compacted topic holding the trails (CreateTrail) and their delivery status, shared by every"
                            + " gateway. Created on first start.")
            .define(
                    DELIVERY_PERIOD_MS,
                    Type.LONG,
                    FIVE_MINUTES_MS,
                    ConfigDef.Range.between(100, 3_600_000),
                    Importance.MEDIUM,
                    "How often a logging trail writes the events it gathered to its S3 bucket, one log file per"
                            + " audit partition: about every 5 minutes, as CloudTrail. The same on every gateway.");

    public CloudTrailConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }
}
