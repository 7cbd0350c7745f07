package io.millrace.iam.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids, ARNs and names as IAM makes and checks them. */
class IamIdentifiersTest {

    @Test
    void uniqueIdsHaveTheirKindsPrefixAndSeventeenCharacters() {
        assertThat(IamIds.uniqueId(IamIds.USER)).matches("AIDA[A-Z2-7]{17}");
        assertThat(IamIds.uniqueId(IamIds.ROLE)).matches("AROA[A-Z2-7]{17}");
        assertThat(IamIds.uniqueId(IamIds.POLICY)).matches("ANPA[A-Z2-7]{17}");
    }

    @Test
    void accessKeysAreTwentyUpperCaseCharactersAndSecretsForty() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = IamIds.accessKeyId(IamIds.ACCESS_KEY);
            assertThat(id).matches("AKIA[A-Z0-9]{16}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
        assertThat(IamIds.accessKeyId(IamIds.TEMPORARY_ACCESS_KEY)).matches("ASIA[A-Z0-9]{16}");
        assertThat(IamIds.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
    }

    @Test
    void arnsCarryThePathAndParseBack() {
        assertThat(IamArns.user("123456789012", "/", "alice")).isEqualTo("arn:aws:iam::123456789012:user/alice");
        String role = IamArns.role("123456789012", "/service/ci/", "deployer");
        assertThat(role).isEqualTo("arn:aws:iam::123456789012:role/service/ci/deployer");
        assertThat(IamArns.parse(role))
                .contains(new IamArns.Parsed("123456789012", "role", "/service/ci/", "deployer"));
        assertThat(IamArns.assumedRole("123456789012", "deployer", "build-7"))
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/build-7");
        assertThat(IamArns.parse("arn:aws:iam::aws:policy/ReadOnlyAccess")).isEmpty();
        assertThat(IamArns.parse("arn:aws:s3:::bucket")).isEmpty();
    }

    @Test
    void namesFollowTheModelsConstraintsInAwsWords() {
        assertThat(message(IamNames.name(new Validation(), "userName", "a b", IamNames.USER_NAME_MAX)))
                .isEqualTo("1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        assertThat(message(IamNames.name(new Validation(), "userName", "x".repeat(65), IamNames.USER_NAME_MAX)))
                .contains("Member must have length less than or equal to 64");
        assertThat(IamNames.name(new Validation(), "userName", "ci+bot=1,a.b@c-d_e", 64)
                        .isValid())
                .isTrue();
        assertThat(IamNames.path(new Validation(), "path", "/a/b/", IamNames.PATH)
                        .isValid())
                .isTrue();
        assertThat(IamNames.path(new Validation(), "path", "/a", IamNames.PATH).isValid())
                .isFalse();
        assertThat(IamNames.path(new Validation(), "path", "a/", IamNames.PATH).isValid())
                .isFalse();
    }

    private static String message(Validation validation) {
        try {
            validation.throwIfInvalid();
            return "";
        } catch (ApiException e) {
            return e.getMessage();
        }
    }
}
