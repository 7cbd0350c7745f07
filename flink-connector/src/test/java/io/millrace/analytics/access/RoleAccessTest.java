package io.millrace.analytics.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The job configuration keys of read authorization, as the application service sets them. */
class RoleAccessTest {

    @Test
    void aJobWithoutAnAccessKeyIdAsksNothing() {
        Configuration job = new Configuration();
        job.set(RoleAccessOptions.ENDPOINT, "http://127.0.0.1:4567");
        assertThat(RoleAccess.from(job)).isEmpty();
        job.set(RoleAccessOptions.ACCESS_KEY_ID, " ");
        assertThat(RoleAccess.from(job)).isEmpty();
    }

    @Test
    void theRoleSessionsCredentialsAndTheIntervalAreRead() {
        Configuration job = new Configuration();
        job.set(RoleAccessOptions.ENDPOINT, "http://127.0.0.1:4567");
        job.set(RoleAccessOptions.ACCESS_KEY_ID, "ASIAEXAMPLEEXAMPLE01");
        job.set(RoleAccessOptions.SECRET_ACCESS_KEY, "secret");
        job.set(RoleAccessOptions.SESSION_TOKEN, "token");
        job.set(RoleAccessOptions.EXPIRATION, "2026-12-14T13:00:00Z");
        job.set(RoleAccessOptions.CREDENTIALS_GRANT, "grant");
        job.setString(RoleAccessOptions.RECHECK_INTERVAL.key(), "2000 ms");

        RoleAccess access = RoleAccess.from(job).orElseThrow();

        assertThat(access)
                .isEqualTo(new RoleAccess(
                        "http://127.0.0.1:4567",
                        "us-east-1",
                        "ASIAEXAMPLEEXAMPLE01",
                        "secret",
                        "token",
                        "grant",
                        Instant.parse("2026-12-14T13:00:00Z"),
                        Duration.ofSeconds(2)));
        // What a log line or a job's description shows of it.
        assertThat(access.toString())
                .doesNotContain("secret")
                .doesNotContain("token")
                .doesNotContain("grant");
    }

    @Test
    void aKeyIdWithoutItsSecretOrEndpointIsAMistake() {
        Configuration job = new Configuration();
        job.set(RoleAccessOptions.ACCESS_KEY_ID, "ASIAEXAMPLEEXAMPLE01");
        job.set(RoleAccessOptions.SECRET_ACCESS_KEY, "secret");
        assertThatThrownBy(() -> RoleAccess.from(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("millrace.access.endpoint is required with millrace.access.access-key-id");
        job.set(RoleAccessOptions.ENDPOINT, "http://127.0.0.1:4567");
        job.removeConfig(RoleAccessOptions.SECRET_ACCESS_KEY);
        assertThatThrownBy(() -> RoleAccess.from(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("millrace.access.secret-access-key is required with millrace.access.access-key-id");
        job.set(RoleAccessOptions.SECRET_ACCESS_KEY, "secret");
        job.set(RoleAccessOptions.EXPIRATION, "next week");
        assertThatThrownBy(() -> RoleAccess.from(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("millrace.access.expiration is not an ISO-8601 instant: next week");
    }
}
