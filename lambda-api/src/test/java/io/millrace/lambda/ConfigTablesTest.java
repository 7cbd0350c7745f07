package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.config.ConfigTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one generated from the definition. */
class ConfigTablesTest {

    @Test
    void readmeShowsTheLambdaConfigDefinition() throws IOException {
        assertThat(ReadmeConfigBlock.of("lambda-api", "LambdaConfig")
                        .refreshOrDescribeDrift(ConfigTables.markdown(LambdaConfig.configDef())))
                .isEmpty();
    }
}
