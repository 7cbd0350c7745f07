package io.millrace.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeprecatedKeysTest {

    private final List<String> warnings = new ArrayList<>();
    private final DeprecatedKeys keys = DeprecatedKeys.of(
            new DeprecatedKeys.Warnings(warnings::add),
            "millrace.kinesis.port",
            "millrace.gateway.port",
            "millrace.kinesis.bind",
            "millrace.gateway.bind");

    @Test
    void anOldKeyAloneIsReadAsItsNewKeyAndWarnedOnce() {
        Map<String, Object> props = Map.of("millrace.kinesis.port", "5000");

        assertThat(keys.rewrite(props)).isEqualTo(Map.of("millrace.gateway.port", "5000"));
        assertThat(keys.rewrite(props)).isEqualTo(Map.of("millrace.gateway.port", "5000"));

        assertThat(warnings)
                .containsExactly("Configuration key millrace.kinesis.port is deprecated: use millrace.gateway.port");
    }

    @Test
    void eachOldKeyInUseGetsItsOwnWarning() {
        keys.rewrite(Map.of("millrace.kinesis.port", "5000", "millrace.kinesis.bind", "0.0.0.0"));

        assertThat(warnings)
                .containsExactlyInAnyOrder(
                        "Configuration key millrace.kinesis.port is deprecated: use millrace.gateway.port",
                        "Configuration key millrace.kinesis.bind is deprecated: use millrace.gateway.bind");
    }

    @Test
    void theNewKeyWinsOverTheOldOne() {
        Map<String, Object> rewritten =
                keys.rewrite(Map.of("millrace.kinesis.port", "5000", "millrace.gateway.port", "6000"));

        assertThat(rewritten).isEqualTo(Map.of("millrace.gateway.port", "6000"));
        assertThat(warnings).hasSize(1);
    }

    @Test
    void otherKeysPassThroughUntouchedAndWithoutWarning() {
        Map<String, Object> props =
                Map.of("millrace.gateway.port", "6000", "kafka.security.protocol", "SSL", "millrace.unknown", "x");

        assertThat(keys.rewrite(props)).isEqualTo(props);
        assertThat(warnings).isEmpty();
    }

    @Test
    void combinedRenamesApplyBoth() {
        DeprecatedKeys both = keys.and(DeprecatedKeys.of("millrace.firehose.tasks.max", "millrace.firehose.tasks-max"));

        assertThat(both.rewrite(Map.of("millrace.kinesis.bind", "0.0.0.0", "millrace.firehose.tasks.max", "2")))
                .isEqualTo(Map.of("millrace.gateway.bind", "0.0.0.0", "millrace.firehose.tasks-max", "2"));
    }
}
