package io.millrace.analytics.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.config.OptionTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's option table is the one generated from the options class. */
class ConfigTablesTest {

    @Test
    void readmeShowsTheS3Options() throws IOException {
        assertThat(ReadmeConfigBlock.of("analytics-service", "S3Options")
                        .refreshOrDescribeDrift(OptionTables.markdown(S3Options.class)))
                .isEmpty();
    }
}
