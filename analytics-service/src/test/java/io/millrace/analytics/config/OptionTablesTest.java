package io.millrace.analytics.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;

class OptionTablesTest {

    enum Mode {
        FIRST,
        SECOND
    }

    static final class Holder {
        public static final String NOT_AN_OPTION = "x";
        public static final ConfigOption<String> STREAM =
                ConfigOptions.key("stream").stringType().noDefaultValue().withDescription("Stream <name> | alias");
        public static final ConfigOption<Duration> INTERVAL = ConfigOptions.key("interval")
                .durationType()
                .defaultValue(Duration.ofSeconds(10))
                .withDescription("How often");
        public static final ConfigOption<Mode> MODE = ConfigOptions.key("mode")
                .enumType(Mode.class)
                .defaultValue(Mode.FIRST)
                .withDescription("Which one");
        public static final ConfigOption<String> PREFIX = ConfigOptions.key("prefix")
                .stringType()
                .defaultValue("")
                .withDescription("Topic prefix")
                .withDeprecatedKeys("old-prefix");
        public static final ConfigOption<List<String>> HOSTS = ConfigOptions.key("hosts")
                .stringType()
                .asList()
                .defaultValues("a", "b")
                .withDescription("Hosts");
        static final ConfigOption<Integer> PACKAGE_PRIVATE =
                ConfigOptions.key("hidden").intType().defaultValue(1);
    }

    @Test
    void rendersThePublicOptionConstantsInDeclarationOrder() {
        assertThat(OptionTables.markdown(Holder.class)).isEqualTo("""
                | key | type | default | valid values | description |
                | --- | --- | --- | --- | --- |
                | `stream` | String | (none) |  | Stream &lt;name&gt; \\| alias |
                | `interval` | Duration | `10 s` |  | How often |
                | `mode` | enum | `FIRST` | `FIRST`, `SECOND` | Which one |
                | `prefix` | String | (empty) |  | Topic prefix Also read from `old-prefix` (deprecated). |
                | `hosts` | List&lt;String> | `[a, b]` |  | Hosts |
                """);
    }
}
