package io.millrace.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

    @MillraceTest
    static class Defaults {}

    @MillraceTest(shardLimits = true, flink = true, config = "millrace.kinesis.encryption.data-key-period-ms=300")
    static class Configured {}

    @MillraceTest
    static class OtherDefaults {}

    @Test
    void classesOfEqualSettingsShareAKeyAndOthersDoNot() {
        PlatformSettings defaults = PlatformSettings.of(Defaults.class.getAnnotation(MillraceTest.class), null);
        assertThat(PlatformSettings.of(OtherDefaults.class.getAnnotation(MillraceTest.class), null))
                .isEqualTo(defaults)
                .hasSameHashCodeAs(defaults);
        assertThat(PlatformSettings.of(Configured.class.getAnnotation(MillraceTest.class), null))
                .isNotEqualTo(defaults);
    }

    @Test
    void everyPortIsFreeAndTheDefaultsAreFastOnes() {
        PlatformSettings defaults = PlatformSettings.of(Defaults.class.getAnnotation(MillraceTest.class), null);
        List<String> options = defaults.upOptions(Path.of("/tmp/d"), Path.of("/tmp/c.properties"));
        for (String port : List.of("--port", "--kafka-port", "--s3-port", "--connect-port", "--flink-port")) {
            assertThat(options.get(options.indexOf(port) + 1)).as(port).isEqualTo("0");
        }
        assertThat(options.get(options.indexOf("--tls-port") + 1)).isEqualTo("off");
        assertThat(options.get(options.indexOf("--shard-limits") + 1)).isEqualTo("off");
        assertThat(options).doesNotContain("--config");
        assertThat(defaults.flink()).isFalse();
    }

    @Test
    void configurationKeysGoThroughAConfigFile() {
        PlatformSettings configured = PlatformSettings.of(Configured.class.getAnnotation(MillraceTest.class), null);
        List<String> options = configured.upOptions(Path.of("/tmp/d"), Path.of("/tmp/c.properties"));
        assertThat(options).containsSequence("--config", "/tmp/c.properties").containsSequence("--shard-limits", "aws");
        assertThat(configured.configFileText()).isEqualTo("millrace.kinesis.encryption.data-key-period-ms=300\n");
    }

    @MillraceTest(config = "millrace.kinesis.read-path=consumer")
    static class ConsumerPath {}

    @Test
    void theTestRunsReadPathIsAddedUnlessTheClassSetsOne() {
        MillraceTest configured = Configured.class.getAnnotation(MillraceTest.class);
        assertThat(PlatformSettings.of(configured, "fetch").configFileText())
                .isEqualTo("millrace.kinesis.encryption.data-key-period-ms=300\nmillrace.kinesis.read-path=fetch\n");
        assertThat(PlatformSettings.of(Defaults.class.getAnnotation(MillraceTest.class), "fetch")
                        .upOptions(Path.of("/tmp/d"), Path.of("/tmp/c.properties")))
                .containsSequence("--config", "/tmp/c.properties");
        assertThat(PlatformSettings.of(ConsumerPath.class.getAnnotation(MillraceTest.class), "fetch")
                        .config())
                .containsExactly("millrace.kinesis.read-path=consumer");
    }

    @Test
    void aSettingWithoutAnEqualsSignIsRefusedNamingIt() {
        assertThatThrownBy(() -> new PlatformSettings(false, false, List.of("millrace.kinesis.shard-limits")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"millrace.kinesis.shard-limits\"");
    }
}
