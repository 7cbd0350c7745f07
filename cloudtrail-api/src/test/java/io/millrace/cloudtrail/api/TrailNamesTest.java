package io.millrace.cloudtrail.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CloudTrail's trail naming rules (CreateTrail, "Name") and the trail ARNs other actions accept. */
class TrailNamesTest {

    private final TrailNames names = new TrailNames("us-east-1", "123456789012");

    @ParameterizedTest
    @ValueSource(strings = {"abc", "My.Trail_1-x", "a1b"})
    void acceptsNamesThatFollowTheRules(String name) {
        assertThat(names.resolve(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-abc", "abc-", "my-_namespace", "my--namespace", "a b c", "192.168.5.4"})
    void refusesNamesThatBreakThem(String name) {
        assertThatThrownBy(() -> names.resolve(name))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("InvalidTrailNameException"));
    }

    @Test
    void refusesANameLongerThan128Characters() {
        assertThatThrownBy(() -> names.resolve("a".repeat(129)))
                .hasMessage("Trail name too long. Maximum allowed length: 128 characters. Specified name length:"
                        + " 129 characters.");
    }

    @Test
    void resolvesTheArnOfATrailOfThisRegionAndAccount() {
        assertThat(names.resolve("arn:aws:cloudtrail:us-east-1:123456789012:trail/audit"))
                .isEqualTo("audit");
        assertThat(names.arn("audit")).isEqualTo("arn:aws:cloudtrail:us-east-1:123456789012:trail/audit");
    }

    @Test
    void answersAnotherAccountsTrailAsNotFoundAndAMalformedArnAsInvalid() {
        assertThatThrownBy(() -> names.resolve("arn:aws:cloudtrail:us-east-1:999999999999:trail/audit"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("TrailNotFoundException"));
        assertThatThrownBy(() -> names.resolve("arn:aws:s3:::bucket"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("CloudTrailARNInvalidException"));
        assertThatThrownBy(() -> names.resolve(null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("TrailNotProvidedException"));
    }
}
