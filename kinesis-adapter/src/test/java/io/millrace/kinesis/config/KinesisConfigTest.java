package io.millrace.kinesis.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.config.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisConfigTest {

    @Test
    void aConfigurationFileOfThePreviousVersionReadsAsBefore() {
        KinesisConfig config = new KinesisConfig(Map.of(
                "bootstrap.servers", "k:9092",
                "millrace.kinesis.port", "5000",
                "millrace.kinesis.bind", "0.0.0.0",
                "millrace.kinesis.shard-limits", "off",
                "millrace.kinesis.on-demand.split-threshold", "0.05",
                "millrace.kinesis.on-demand.hot-seconds", "2"));

        assertThat(config.getInt(GatewayConfig.PORT)).isEqualTo(5000);
        assertThat(config.getString(GatewayConfig.BIND)).isEqualTo("0.0.0.0");
        assertThat(config.shardLimitsEnforced()).isFalse();
        assertThat(config.getDouble(KinesisConfig.ON_DEMAND_SPLIT_THRESHOLD)).isEqualTo(0.05);
        assertThat(config.getInt(KinesisConfig.ON_DEMAND_HOT_SECONDS)).isEqualTo(2);
    }

    @Test
    void carriesTheGatewaySettingsWithTheirDefaults() {
        KinesisConfig config = new KinesisConfig(Map.of("bootstrap.servers", "k:9092"));

        assertThat(config.getInt(GatewayConfig.PORT)).isEqualTo(4567);
        assertThat(config.getString(GatewayConfig.REGION)).isEqualTo("us-east-1");
        assertThat(config.kafkaClientProperties()).containsEntry("bootstrap.servers", "k:9092");
    }
}
