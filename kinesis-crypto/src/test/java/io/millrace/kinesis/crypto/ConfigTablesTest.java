package io.millrace.kinesis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.config.ConfigTables;
import io.millrace.gateway.config.ReadmeConfigBlock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one generated from the definition. */
class ConfigTablesTest {

    @Test
    void readmeShowsTheKinesisCryptoConfigDefinition() throws IOException {
        assertThat(ReadmeConfigBlock.of("kinesis-crypto", "KinesisCryptoConfig")
                        .refreshOrDescribeDrift(ConfigTables.markdown(KinesisCryptoConfig.definition())))
                .isEmpty();
    }
}
