package io.millrace.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The container's command line, checked without Docker; MillraceContainerIT runs it where Docker exists. */
class MillraceContainerTest {

    @Test
    void theGatewayFacesTheContainersNetworkInOpenModeOnTheExposedPorts() {
        List<String> command = MillraceContainer.command(false);
        assertThat(command.get(0)).isEqualTo("up");
        assertThat(command).containsSequence("--bind", "0.0.0.0").containsSequence("--auth", "open");
        assertThat(command).containsSequence("--port", String.valueOf(MillraceContainer.GATEWAY_PORT));
        assertThat(command).containsSequence("--s3-port", String.valueOf(MillraceContainer.S3_PORT));
        assertThat(command).containsSequence("--expose", "s3").containsSequence("--shard-limits", "off");
        assertThat(MillraceContainer.command(true)).containsSequence("--shard-limits", "aws");
    }
}
