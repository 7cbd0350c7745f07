package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Where the task publishes its delivery metrics for the CloudWatch API ({@code AWS/Firehose}). */
public final class MetricsKeys {
    static final String GROUP = "CloudWatch metrics";

    public static final String CLOUDWATCH_TOPIC = "cloudwatch.topic";
    public static final String CLOUDWATCH_INTERVAL_MS = "cloudwatch.interval.ms";
    /** A minute, as AWS publishes Firehose's metrics. */
    public static final long DEFAULT_INTERVAL_MS = 60_000L;

    private MetricsKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        CLOUDWATCH_TOPIC,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "The CloudWatch API's datapoint topic in the Kafka cluster of "
                                + StateKeys.KAFKA_BOOTSTRAP_SERVERS
                                + ": the task publishes the delivery metrics of AWS/Firehose there (DeliveryToS3.*, "
                                + "DeliveryToHttpEndpoint.*, DeliveryToAmazonOpenSearchService.*, BackupToS3.*), set by the Firehose API when the "
                                + "platform serves CloudWatch. Empty, or without Kafka settings: none are published "
                                + "(they stay on JMX).",
                        GROUP,
                        1,
                        ConfigDef.Width.MEDIUM,
                        "CloudWatch datapoint topic")
                .define(
                        CLOUDWATCH_INTERVAL_MS,
                        Type.LONG,
                        DEFAULT_INTERVAL_MS,
                        Range.between(1_000, 3_600_000),
                        Importance.LOW,
                        "How often the task publishes its delivery metrics, aligned on the interval: a minute, "
                                + "as AWS's Firehose metrics are.",
                        GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "CloudWatch interval (ms)");
    }
}
