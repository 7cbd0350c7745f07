package io.millrace.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The job configuration keys of read authorization, as the application service sets them. */
class ReadAccessTest {

    @Test
    void aJobWithoutAnAccessKeyIdAsksNothing() {
        Configuration job = new Configuration();
        job.set(ReadAccessOptions.ENDPOINT, "http://127.0.0.1:4567");
        assertThat(ReadAccess.from(job)).isEmpty();
        job.set(ReadAccessOptions.ACCESS_KEY_ID, " ");
        assertThat(ReadAccess.from(job)).isEmpty();
    }

    @Test
    void theRoleSessionsCredentialsAndTheIntervalAreRead() {
        Configuration job = new Configuration();
        job.set(ReadAccessOptions.ENDPOINT, "http://127.0.0.1:4567");
        job.set(ReadAccessOptions.ACCESS_KEY_ID, "ASIAEXAMPLEEXAMPLE01");
        job.set(ReadAccessOptions.SECRET_ACCESS_KEY, "secret");
        job.set(ReadAccessOptions.SESSION_TOKEN, "token");
        job.setString(ReadAccessOptions.RECHECK_INTERVAL.key(), "2000 ms");

        ReadAccess access = ReadAccess.from(job).orElseThrow();

        assertThat(access)
                .isEqualTo(new ReadAccess(
                        "http://127.0.0.1:4567",
                        "us-east-1",
                        "ASIAEXAMPLEEXAMPLE01",
                        "secret",
                        "token",
                        Duration.ofSeconds(2)));
        // What a log line or a job's description shows of it.
        assertThat(access.toString()).doesNotContain("secret").doesNotContain("token");
    }

    @Test
    void aKeyIdWithoutItsSecretOrEndpointIsAMistake() {
        Configuration job = new Configuration();
        job.set(ReadAccessOptions.ACCESS_KEY_ID, "ASIAEXAMPLEEXAMPLE01");
        job.set(ReadAccessOptions.SECRET_ACCESS_KEY, "secret");
        assertThatThrownBy(() -> ReadAccess.from(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("millrace.access.endpoint is required with millrace.access.access-key-id");
        job.set(ReadAccessOptions.ENDPOINT, "http://127.0.0.1:4567");
        job.removeConfig(ReadAccessOptions.SECRET_ACCESS_KEY);
        assertThatThrownBy(() -> ReadAccess.from(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("millrace.access.secret-access-key is required with millrace.access.access-key-id");
    }
}
