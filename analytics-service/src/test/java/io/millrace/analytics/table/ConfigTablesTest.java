package io.millrace.analytics.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.config.OptionTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's option table is the one generated from the options class. */
class ConfigTablesTest {

    @Test
    void readmeShowsTheMillraceOptions() throws IOException {
        assertThat(ReadmeConfigBlock.of("analytics-jobs", "MillraceOptions")
                .refreshOrDescribeDrift(OptionTables.markdown(MillraceOptions.class))).isEmpty();
    }
}
