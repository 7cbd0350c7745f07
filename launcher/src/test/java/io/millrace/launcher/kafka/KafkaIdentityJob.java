package io.millrace.launcher.kafka;

import io.millrace.analytics.application.KinesisAnalyticsRuntime;
import io.millrace.analytics.datastream.MillraceStreams;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A jar application as a user would write one that opens its own Kafka clients: its {@code main} takes the Kafka
 * client properties Millrace gives its job ({@link MillraceStreams#kafkaClientProperties()}) and hands them to the
 * test through the file its runtime properties name, then runs a job copying its input stream into its output with
 * {@link MillraceStreams#source} and {@link MillraceStreams#sink}, which connect with the same identity.
 */
public final class KafkaIdentityJob {

    private KafkaIdentityJob() {}

    public static void main(String[] args) throws Exception {
        Properties test = KinesisAnalyticsRuntime.getApplicationProperties().get("test");
        Properties kafka = MillraceStreams.kafkaClientProperties().orElseGet(Properties::new);
        Path out = Path.of(test.getProperty("out"));
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        try (Writer writer = Files.newBufferedWriter(partial)) {
            kafka.store(writer, "the job's Kafka identity");
        }
        Files.move(partial, out);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // A refused write fails the job; it is tried again every half second rather than after a growing backoff.
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        env.configure(restarts);
        String bootstrap = test.getProperty("bootstrap.servers");
        env.fromSource(
                        MillraceStreams.source(bootstrap, test.getProperty("input"), MillraceStreams.trimHorizon()),
                        WatermarkStrategy.noWatermarks(),
                        "millrace-in")
                .sinkTo(MillraceStreams.sink(bootstrap, test.getProperty("output"), DeliveryGuarantee.AT_LEAST_ONCE));
        env.execute("kafka-identity");
    }
}
