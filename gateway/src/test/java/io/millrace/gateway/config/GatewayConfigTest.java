package io.millrace.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void readsTheSettingsTheKinesisEndpointUsedToOwnUnderTheirOldKeys() {
        GatewayConfig config = new GatewayConfig(Map.of(
                "bootstrap.servers", "k1:9092,k2:9092",
                "millrace.kinesis.port", "5000",
                "millrace.kinesis.bind", "0.0.0.0",
                "millrace.kinesis.credentials", "AKID:secret",
                "millrace.kinesis.region", "eu-west-1",
                "millrace.kinesis.account-id", "123456789012",
                "millrace.kinesis.io-threads", "3"));

        assertThat(config.getInt(GatewayConfig.PORT)).isEqualTo(5000);
        assertThat(config.getString(GatewayConfig.BIND)).isEqualTo("0.0.0.0");
        assertThat(config.getList(GatewayConfig.CREDENTIALS)).containsExactly("AKID:secret");
        assertThat(config.getString(GatewayConfig.REGION)).isEqualTo("eu-west-1");
        assertThat(config.getString(GatewayConfig.ACCOUNT_ID)).isEqualTo("123456789012");
        assertThat(config.getInt(GatewayConfig.IO_THREADS)).isEqualTo(3);
        assertThat(config.bootstrapServers()).isEqualTo(List.of("k1:9092", "k2:9092"));
    }

    @Test
    void theNewKeyWinsOverItsOldSpelling() {
        GatewayConfig config = new GatewayConfig(
                Map.of("bootstrap.servers", "k:9092", "millrace.kinesis.port", "5000", GatewayConfig.PORT, "6000"));

        assertThat(config.getInt(GatewayConfig.PORT)).isEqualTo(6000);
    }

    @Test
    void passesKafkaPrefixedSettingsToTheClients() {
        GatewayConfig config =
                new GatewayConfig(Map.of("bootstrap.servers", "k:9092", "kafka.security.protocol", "SSL"));

        assertThat(config.kafkaClientProperties())
                .isEqualTo(Map.of("bootstrap.servers", "k:9092", "security.protocol", "SSL"));
    }
}
