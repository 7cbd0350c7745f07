package io.millrace.launcher.kafka;

import io.millrace.analytics.application.KinesisAnalyticsRuntime;
import io.millrace.analytics.datastream.MillraceStreams;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A jar application as a user would write one that opens its own Kafka clients: its {@code main} takes the Kafka
 * client properties Millrace gives its job ({@link MillraceStreams#kafkaClientProperties()}) and hands them to the
 * test through the file its runtime properties name, then runs a job reading its input stream with
 * {@link MillraceStreams#source}, which connects with the same identity.
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
        env.fromSource(
                        MillraceStreams.source(
                                test.getProperty("bootstrap.servers"),
                                test.getProperty("input"),
                                MillraceStreams.trimHorizon()),
                        WatermarkStrategy.noWatermarks(),
                        "millrace-in")
                .sinkTo(new DiscardingSink<>());
        env.execute("kafka-identity");
    }
}
