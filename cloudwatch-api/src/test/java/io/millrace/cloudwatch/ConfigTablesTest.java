package io.millrace.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.config.ConfigTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one generated from the definition. */
class ConfigTablesTest {

    @Test
    void readmeShowsTheCloudWatchConfigDefinition() throws IOException {
        assertThat(ReadmeConfigBlock.of("cloudwatch-api", "CloudWatchConfig")
                        .refreshOrDescribeDrift(ConfigTables.markdown(CloudWatchConfig.configDef())))
                .isEmpty();
    }
}
