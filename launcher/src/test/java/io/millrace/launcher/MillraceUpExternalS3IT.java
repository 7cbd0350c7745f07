package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.launcher.exit.ExitCodes;
import io.millrace.launcher.net.Ports;
import io.millrace.launcher.s3.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace up --s3-endpoint} as an operator runs it, against an S3 store of its own (S3Proxy, started here as
 * the "external" one): without the store's keys it says at start, in one warning, that the connectors will sign with
 * the default credential chain and deliver nothing where it finds none; half a key pair is refused before anything
 * starts.
 */
class MillraceUpExternalS3IT {

    @TempDir
    Path work;

    @Test
    void withoutS3KeysItWarnsOnceAtStartAndRuns() throws Exception {
        try (EmbeddedS3 store = EmbeddedS3.start(work.resolve("store"), "127.0.0.1", 0);
                MillraceProcess millrace = MillraceProcess.up(work.resolve("stderr.log"), options(store.endpoint()))) {
            millrace.awaitReady();
            List<String> warnings = millrace.stderrText()
                    .lines()
                    .filter(line -> line.contains("WARN") && line.contains("millrace.s3.access-key-id"))
                    .toList();
            assertThat(warnings)
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains("[UpCommand] S3 endpoint " + store.endpoint()
                                    + " without millrace.s3.access-key-id" + " and millrace.s3.secret-access-key")
                            .contains("delivery writes nothing")
                            .contains("--config"));
            assertThat(millrace.terminate()).isEqualTo(143);
        }
    }

    @Test
    void halfAKeyPairIsAUsageError() throws Exception {
        Path config = Files.writeString(work.resolve("millrace.properties"), "millrace.s3.access-key-id=AKIDEXAMPLE\n");
        try (MillraceProcess millrace = MillraceProcess.up(
                work.resolve("stderr.log"),
                options("http://127.0.0.1:" + Ports.pickFree(), "--config", config.toString()))) {
            assertThat(millrace.awaitExit(Duration.ofSeconds(60))).isEqualTo(ExitCodes.USAGE);
            assertThat(millrace.stderrText())
                    .contains("millrace.s3.access-key-id and millrace.s3.secret-access-key go together")
                    .doesNotContain("ready");
        }
    }

    /** The scenarios' free ports, the embedded S3 store's replaced by {@code endpoint}. */
    private String[] options(String endpoint, String... extra) {
        List<String> options = new ArrayList<>(List.of(UpScenarios.options(work, Ports.pickFree())));
        int s3Port = options.indexOf("--s3-port");
        options.remove(s3Port + 1);
        options.remove(s3Port);
        options.addAll(List.of("--s3-endpoint", endpoint));
        options.addAll(List.of(extra));
        return options.toArray(String[]::new);
    }
}
