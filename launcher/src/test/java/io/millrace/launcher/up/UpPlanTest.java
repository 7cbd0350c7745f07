package io.millrace.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.config.KinesisAdapterConfig;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpPlanTest {

    @TempDir
    Path dir;

    private static UpPlan plan(String... args) {
        UpCommand command = new UpCommand();
        new CommandLine(command).parseArgs(args);
        return UpPlan.resolve(command.options);
    }

    @Test
    void defaultsAreAnEmbeddedBrokerOn9092AndTheEndpointOn4567OnLoopback() {
        UpPlan plan = plan();
        EmbeddedKafkaSettings kafka = plan.kafka().orElseThrow();
        assertThat(kafka.port()).isEqualTo(9092);
        assertThat(kafka.controllerPort()).isEqualTo(9093);
        assertThat(kafka.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(kafka.logDir()).isEqualTo(Path.of("data", "kafka").toAbsolutePath());
        assertThat(plan.kinesis().getInt(KinesisAdapterConfig.PORT)).isEqualTo(4567);
        assertThat(plan.kinesis().getString(KinesisAdapterConfig.BIND)).isEqualTo("127.0.0.1");
        assertThat(plan.kinesis().bootstrapServers()).containsExactly("127.0.0.1:9092");
        assertThat(plan.kinesis().shardLimitsEnforced()).isTrue();
    }

    @Test
    void commandLineOverridesTheConfigFileWhichOverridesDefaults() throws IOException {
        Path config = Files.writeString(dir.resolve("millrace.properties"), String.join("\n",
                "millrace.kinesis.port=5000",
                "millrace.kinesis.bind=0.0.0.0",
                "millrace.kinesis.shard-limits=off",
                "kafka.linger.ms=7"));
        UpPlan plan = plan("--config", config.toString(), "--port", "6000", "--kafka-port", "9300");

        assertThat(plan.kinesis().getInt(KinesisAdapterConfig.PORT)).isEqualTo(6000);
        assertThat(plan.kinesis().shardLimitsEnforced()).isFalse();
        assertThat(plan.kinesis().kafkaClientProperties()).containsEntry("linger.ms", "7");
        // The broker follows the endpoint's bind address, wherever it came from.
        assertThat(plan.kafka().orElseThrow().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(plan.kafka().orElseThrow().controllerPort()).isEqualTo(9301);
    }

    @Test
    void bootstrapServersInTheConfigFileMeanNoEmbeddedBroker() throws IOException {
        Path config = Files.writeString(dir.resolve("millrace.properties"),
                "bootstrap.servers=kafka-1:9092,kafka-2:9092\n");
        UpPlan plan = plan("--config", config.toString());

        assertThat(plan.kafka()).isEmpty();
        assertThat(plan.kinesis().bootstrapServers()).containsExactly("kafka-1:9092", "kafka-2:9092");
    }

    @Test
    void portZeroPicksRealDistinctPortsForBrokerAndController() {
        EmbeddedKafkaSettings kafka = plan("--kafka-port", "0", "--data-dir", dir.toString()).kafka().orElseThrow();
        assertThat(kafka.port()).isPositive();
        assertThat(kafka.controllerPort()).isPositive().isNotEqualTo(kafka.port());
        assertThat(kafka.logDir()).isEqualTo(dir.resolve("kafka").toAbsolutePath());
    }
}
