package io.millrace.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.access.AuthMode;
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
    void signedModeIsTheDefaultWheneverTheGatewayFacesANetworkOrHasKeys() {
        assertThat(mode(Map.of())).isEqualTo(AuthMode.OPEN);
        assertThat(mode(Map.of(GatewayConfig.BIND, "127.0.0.1"))).isEqualTo(AuthMode.OPEN);
        assertThat(mode(Map.of(GatewayConfig.BIND, "::1"))).isEqualTo(AuthMode.OPEN);
        assertThat(mode(Map.of(GatewayConfig.BIND, "localhost"))).isEqualTo(AuthMode.OPEN);
        assertThat(mode(Map.of(GatewayConfig.BIND, "0.0.0.0"))).isEqualTo(AuthMode.SIGNED);
        assertThat(mode(Map.of(GatewayConfig.BIND, "10.1.2.3"))).isEqualTo(AuthMode.SIGNED);
        assertThat(mode(Map.of(GatewayConfig.BIND, "gateway.example.com"))).isEqualTo(AuthMode.SIGNED);
        assertThat(mode(Map.of(GatewayConfig.CREDENTIALS, "AKID:secret"))).isEqualTo(AuthMode.SIGNED);
        // Asked for explicitly, either mode holds whatever the address.
        assertThat(mode(Map.of(GatewayConfig.BIND, "0.0.0.0", GatewayConfig.AUTH_MODE, "open")))
                .isEqualTo(AuthMode.OPEN);
        assertThat(mode(Map.of(GatewayConfig.AUTH_MODE, "signed"))).isEqualTo(AuthMode.SIGNED);
    }

    private static AuthMode mode(Map<String, String> settings) {
        Map<String, String> props = new java.util.HashMap<>(settings);
        props.put("bootstrap.servers", "k:9092");
        return new GatewayConfig(props).authMode();
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
