package io.millrace.analytics.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.config.OptionTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * flink-connector's README shows the option table generated from the options class. Checked here, where the table
 * tools are: the connector does not depend on the gateway.
 */
class ConfigTablesTest {

    @Test
    void readmeShowsTheFirehoseOptions() throws IOException {
        assertThat(ReadmeConfigBlock.of("flink-connector", "FirehoseOptions", "analytics-service")
                        .refreshOrDescribeDrift(OptionTables.markdown(FirehoseOptions.class)))
                .isEmpty();
    }
}
