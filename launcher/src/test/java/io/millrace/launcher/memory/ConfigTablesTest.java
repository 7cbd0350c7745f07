package io.millrace.launcher.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.config.ConfigTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's table of memory budgets is the one generated from the definition. */
class ConfigTablesTest {

    @Test
    void readmeShowsTheMemoryConfigDefinition() throws IOException {
        assertThat(ReadmeConfigBlock.of("launcher", "MemoryConfig")
                        .refreshOrDescribeDrift(ConfigTables.markdown(MemoryConfig.configDef())))
                .isEmpty();
    }
}
