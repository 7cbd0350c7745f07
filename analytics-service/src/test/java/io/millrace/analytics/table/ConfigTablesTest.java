package io.millrace.analytics.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.access.JobKafka;
import io.millrace.analytics.access.RoleAccessOptions;
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
    void readmeShowsTheMillraceOptions() throws IOException {
        assertThat(ReadmeConfigBlock.of("flink-connector", "MillraceOptions", "analytics-service")
                        .refreshOrDescribeDrift(OptionTables.markdown(MillraceOptions.class)))
                .isEmpty();
    }

    @Test
    void readmeShowsTheRoleAccessOptions() throws IOException {
        assertThat(ReadmeConfigBlock.of("flink-connector", "RoleAccessOptions", "analytics-service")
                        .refreshOrDescribeDrift(OptionTables.markdown(RoleAccessOptions.class)))
                .isEmpty();
    }

    @Test
    void readmeShowsTheJobKafkaOptions() throws IOException {
        assertThat(ReadmeConfigBlock.of("flink-connector", "JobKafka", "analytics-service")
                        .refreshOrDescribeDrift(OptionTables.markdown(JobKafka.class)))
                .isEmpty();
    }
}
