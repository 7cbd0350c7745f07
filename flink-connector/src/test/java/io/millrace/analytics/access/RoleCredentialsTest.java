package io.millrace.analytics.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When the job's role credentials are renewed, as the AWS SDK's STS providers time it. */
class RoleCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void longLivedCredentialsAreRenewedFiveMinutesBeforeTheyExpire() {
        Instant expiration = NOW.plus(Duration.ofDays(7));
        assertThat(RoleCredentials.prefetchTime(NOW, expiration)).isEqualTo(expiration.minus(Duration.ofMinutes(5)));
        assertThat(RoleCredentials.staleTime(NOW, expiration)).isEqualTo(expiration.minus(Duration.ofMinutes(1)));
    }

    @Test
    void shortLivedCredentialsAreRenewedHalfWay() {
        Instant expiration = NOW.plusSeconds(4);
        assertThat(RoleCredentials.prefetchTime(NOW, expiration)).isEqualTo(NOW.plusSeconds(2));
        assertThat(RoleCredentials.staleTime(NOW, expiration)).isEqualTo(NOW.plusMillis(3600));
    }

    @Test
    void withoutAGrantTheCredentialsAreTheJobsAsTheyAre() {
        RoleAccess access = new RoleAccess(
                "http://127.0.0.1:4567",
                "us-east-1",
                "ASIAEXAMPLEEXAMPLE01",
                "secret",
                "token",
                null,
                NOW,
                Duration.ofSeconds(30));
        assertThat(RoleCredentials.of(access).resolveCredentials().accessKeyId())
                .isEqualTo("ASIAEXAMPLEEXAMPLE01");
    }
}
