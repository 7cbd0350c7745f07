package io.millrace.firehose.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.config.ConfigTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * firehose-sink's README shows the configuration table generated from the definition. The check runs here: the table
 * is rendered by the gateway's {@code ConfigTables}, and the sink, a Connect plugin, does not depend on the gateway.
 */
class ConfigTablesTest {

    @Test
    void sinkReadmeShowsTheFirehoseSinkConfigDefinition() throws IOException {
        assertThat(ReadmeConfigBlock.of("firehose-sink", "FirehoseSinkConfig", "firehose-api")
                        .refreshOrDescribeDrift(ConfigTables.markdown(FirehoseSinkConfig.CONFIG_DEF)))
                .isEmpty();
    }
}
