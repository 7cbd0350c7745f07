package io.millrace.launcher.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.api.FirehoseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceKeyFileTest {

    @TempDir
    Path dataDir;

    private static FirehoseConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(FirehoseConfig.CONNECT_URL, "http://127.0.0.1:8083"));
        props.putAll(extra);
        return new FirehoseConfig(props);
    }

    @Test
    void aKeyIsMadeOnceInTheDataDirectoryAndKeptAcrossStarts() throws Exception {
        String first = ServiceKeyFile.applyTo(config(Map.of()), dataDir)
                .getPassword(FirehoseConfig.ENCRYPTION_SERVICE_KEY)
                .value();
        String second = ServiceKeyFile.applyTo(config(Map.of()), dataDir)
                .getPassword(FirehoseConfig.ENCRYPTION_SERVICE_KEY)
                .value();

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(second).isEqualTo(first);
        Path file = dataDir.resolve(ServiceKeyFile.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aConfiguredKeyWinsAndNoFileIsWritten() {
        String configured = Base64.getEncoder().encodeToString(new byte[32]);

        FirehoseConfig applied =
                ServiceKeyFile.applyTo(config(Map.of(FirehoseConfig.ENCRYPTION_SERVICE_KEY, configured)), dataDir);

        assertThat(applied.getPassword(FirehoseConfig.ENCRYPTION_SERVICE_KEY).value())
                .isEqualTo(configured);
        assertThat(dataDir.resolve(ServiceKeyFile.FILE)).doesNotExist();
    }
}
