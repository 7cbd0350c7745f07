package io.millrace.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents IAM refuses, with the message of its MalformedPolicyDocument error, and documents it accepts. Grammar:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html; the element pages of the IAM
 * JSON policy element reference for what each element requires.
 */
class PolicyDocumentParsingTest {

    private static final Function<String, PolicyDocument> IDENTITY = PolicyDocument::parseIdentityPolicy;
    private static final Function<String, PolicyDocument> RESOURCE = PolicyDocument::parseResourcePolicy;
    private static final Function<String, PolicyDocument> TRUST = PolicyDocument::parseTrustPolicy;

    private static final String SYNTAX = "Syntax errors in policy.";

    record Refusal(String name, Function<String, PolicyDocument> parser, String json, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A 2012-10-17 document of these statements, each given without its braces. */
    private static String doc(String... statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [{" + String.join("}, {", statements) + "}]}";
    }

    private static final String ALLOW = "\"Effect\": \"Allow\", ";
    private static final String PUT = "\"Action\": \"kinesis:PutRecord\", ";
    private static final String ANY = "\"Resource\": \"*\"";
    private static final String EVERYONE = "\"Principal\": \"*\", ";

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("not JSON", IDENTITY, "{\"Version\": \"2012-10-17\", \"Statement\": [", SYNTAX),
                new Refusal("not an object", IDENTITY, "[]", SYNTAX),
                new Refusal("empty", IDENTITY, "", SYNTAX),
                new Refusal(
                        "a misspelt Statement",
                        IDENTITY,
                        "{\"Version\": \"2012-10-17\", \"Statment\": {" + ALLOW + PUT + ANY + "}}",
                        SYNTAX),
                new Refusal(
                        "element names are case-sensitive",
                        IDENTITY,
                        "{\"Version\": \"2012-10-17\", \"statement\": {" + ALLOW + PUT + ANY + "}}",
                        SYNTAX),
                new Refusal("no Statement", IDENTITY, "{\"Version\": \"2012-10-17\"}", SYNTAX),
                new Refusal("no statements", IDENTITY, "{\"Version\": \"2012-10-17\", \"Statement\": []}", SYNTAX),
                new Refusal(
                        "an unknown statement element",
                        IDENTITY,
                        doc(ALLOW + "\"Actions\": \"kinesis:PutRecord\", " + ANY),
                        SYNTAX),
                new Refusal("an element given twice", IDENTITY, doc(ALLOW + PUT + PUT + ANY), SYNTAX),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
                new Refusal(
                        "an unknown Version",
                        IDENTITY,
                        "{\"Version\": \"2012-10-18\", \"Statement\": {" + ALLOW + PUT + ANY + "}}",
                        "The policy failed legacy parsing"),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
                new Refusal("Effect is case-sensitive", IDENTITY, doc("\"Effect\": \"allow\", " + PUT + ANY), SYNTAX),
                new Refusal("no Effect", IDENTITY, doc(PUT + ANY), "Missing required field Effect"),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
                new Refusal(
                        "a principal in an identity policy",
                        IDENTITY,
                        doc(ALLOW + EVERYONE + PUT + ANY),
                        "Policy document should not specify a principal."),
                new Refusal(
                        "a NotPrincipal in an identity policy",
                        IDENTITY,
                        doc(ALLOW + "\"NotPrincipal\": {\"AWS\": \"111122223333\"}, " + PUT + ANY),
                        "Policy document should not specify a principal."),
                new Refusal(
                        "no principal in a resource policy",
                        RESOURCE,
                        doc(ALLOW + PUT + ANY),
                        "Missing required field Principal"),
                new Refusal(
                        "no principal in a trust policy",
                        TRUST,
                        doc(ALLOW + "\"Action\": \"sts:AssumeRole\""),
                        "Missing required field Principal"),
                new Refusal(
                        "an AWS principal that is no ARN nor account",
                        RESOURCE,
                        doc(ALLOW + "\"Principal\": {\"AWS\": \"alice\"}, " + PUT + ANY),
                        "Invalid principal in policy: \"AWS\":\"alice\""),
                new Refusal(
                        "an unknown principal type",
                        RESOURCE,
                        doc(ALLOW + "\"Principal\": {\"Users\": \"alice\"}, " + PUT + ANY),
                        SYNTAX),
                new Refusal(
                        "a principal that is neither * nor an object",
                        RESOURCE,
                        doc(ALLOW + "\"Principal\": \"arn:aws:iam::111122223333:root\", " + PUT + ANY),
                        SYNTAX),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
                new Refusal("no Action", IDENTITY, doc(ALLOW + ANY), "Policy statement must contain actions."),
                new Refusal(
                        "an empty Action",
                        IDENTITY,
                        doc(ALLOW + "\"Action\": [], " + ANY),
                        "Policy statement must contain actions."),
                new Refusal(
                        "Action and NotAction",
                        IDENTITY,
                        doc(ALLOW + PUT + "\"NotAction\": \"kinesis:GetRecords\", " + ANY),
                        SYNTAX),
                new Refusal(
                        "an action without its service",
                        IDENTITY,
                        doc(ALLOW + "\"Action\": \"PutRecord\", " + ANY),
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                new Refusal(
                        "an action with two colons",
                        IDENTITY,
                        doc(ALLOW + "\"Action\": \"kinesis:Put:Record\", " + ANY),
                        "Actions/Condition can contain only one colon."),
                new Refusal("an action that is no string", IDENTITY, doc(ALLOW + "\"Action\": [1], " + ANY), SYNTAX),
                new Refusal(
                        "a trust policy granting another action",
                        TRUST,
                        doc(ALLOW + "\"Principal\": {\"AWS\": \"111122223333\"}, " + PUT.replace(", ", "")),
                        "AssumeRole policy may only specify STS AssumeRole actions."),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
                new Refusal(
                        "no Resource",
                        IDENTITY,
                        doc(ALLOW + PUT.replace(", ", "")),
                        "Policy statement must contain resources."),
                new Refusal(
                        "no Resource in a resource policy",
                        RESOURCE,
                        doc(ALLOW + EVERYONE + PUT.replace(", ", "")),
                        "Policy statement must contain resources."),
                new Refusal(
                        "a Resource that is no ARN",
                        IDENTITY,
                        doc(ALLOW + PUT + "\"Resource\": \"orders\""),
                        "Resource orders must be in ARN format or \"*\"."),
                new Refusal(
                        "a Resource in a trust policy",
                        TRUST,
                        doc(ALLOW + EVERYONE + "\"Action\": \"sts:AssumeRole\", " + ANY),
                        "Has prohibited field Resource"),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
                new Refusal(
                        "two statements with one Sid",
                        IDENTITY,
                        doc("\"Sid\": \"One\", " + ALLOW + PUT + ANY, "\"Sid\": \"One\", " + ALLOW + PUT + ANY),
                        "Statement IDs (SID) in a single policy must be unique."),
                new Refusal(
                        "a Sid with spaces in an identity policy",
                        IDENTITY,
                        doc("\"Sid\": \"my statement\", " + ALLOW + PUT + ANY),
                        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular"
                                + " expression [0-9A-Za-z]*"),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
                new Refusal(
                        "an unknown condition operator",
                        IDENTITY,
                        doc(ALLOW + PUT + ANY + ", \"Condition\": {\"StringEqualz\": {\"aws:username\": \"alice\"}}"),
                        SYNTAX),
                new Refusal(
                        "a condition key without its service",
                        IDENTITY,
                        doc(ALLOW + PUT + ANY + ", \"Condition\": {\"StringEquals\": {\"username\": \"alice\"}}"),
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                new Refusal(
                        "a condition value that is an object",
                        IDENTITY,
                        doc(ALLOW + PUT + ANY + ", \"Condition\": {\"StringEquals\": {\"aws:username\": {}}}"),
                        SYNTAX),
                new Refusal(
                        "Null with IfExists",
                        IDENTITY,
                        doc(ALLOW + PUT + ANY + ", \"Condition\": {\"NullIfExists\": {\"aws:username\": \"true\"}}"),
                        SYNTAX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithIamsMessage(Refusal refusal) {
        assertThatThrownBy(() -> refusal.parser().apply(refusal.json()))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage(refusal.message());
    }

    @Test
    void aSingleStatementObjectWithoutVersionIsA2008Policy() {
        PolicyDocument policy =
                PolicyDocument.parseIdentityPolicy("{\"Id\": \"streams\", \"Statement\": {" + ALLOW + PUT + ANY + "}}");

        assertThat(policy.version()).isEqualTo(PolicyDocument.VERSION_2008);
        assertThat(policy.id()).isEqualTo("streams");
        assertThat(policy.statementCount()).isEqualTo(1);
        assertThat(policy.kind()).isEqualTo(PolicyDocument.Kind.IDENTITY);
    }

    @Test
    void acceptsEveryPrincipalForm() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
        PolicyDocument policy = PolicyDocument.parseResourcePolicy(doc(
                ALLOW + EVERYONE + PUT + ANY,
                ALLOW + "\"Principal\": {\"AWS\": [\"111122223333\", \"arn:aws:iam::444455556666:root\","
                        + " \"arn:aws:iam::444455556666:role/partner\", \"*\"],"
                        + " \"Service\": \"firehose.amazonaws.com\", \"Federated\": \"cognito-identity.amazonaws.com\"}, "
                        + PUT + ANY,
                "\"Sid\": \"resource policies allow spaces\", \"Effect\": \"Deny\","
                        + " \"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}, " + PUT + ANY));

        assertThat(policy.statementCount()).isEqualTo(3);
        assertThat(policy.kind()).isEqualTo(PolicyDocument.Kind.RESOURCE);
    }

    @Test
    void acceptsTrustPolicies() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html (web identity) and
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html (another account)
        PolicyDocument policy = PolicyDocument.parseTrustPolicy(doc(
                ALLOW + "\"Principal\": {\"AWS\": \"arn:aws:iam::444455556666:root\"},"
                        + " \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],"
                        + " \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": true}}",
                ALLOW + "\"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/example.com\"},"
                        + " \"Action\": \"sts:AssumeRoleWithWebIdentity\""));

        assertThat(policy.kind()).isEqualTo(PolicyDocument.Kind.TRUST);
        assertThat(policy.statementCount()).isEqualTo(2);
    }

    @Test
    void aTrustPolicyGrantsAssumeRoleToTheAccountItNames() {
        PolicyDocument trust = PolicyDocument.parseTrustPolicy(
                doc(ALLOW + "\"Principal\": {\"AWS\": \"444455556666\"}, \"Action\": \"sts:AssumeRole\""));
        String role = "arn:aws:iam::111122223333:role/shared";
        PolicyDocument mayAssume =
                Requests.identity("{" + ALLOW + "\"Action\": \"sts:AssumeRole\", \"Resource\": \"" + role + "\"}");

        EvaluationResult bob =
                Requests.evaluate(Requests.BOB, "sts:AssumeRole", role, List.of(mayAssume), trust, Map.of());
        EvaluationResult alice = Requests.evaluate(Requests.ALICE, "sts:AssumeRole", role, List.of(), trust, Map.of());

        assertThat(bob.allowed()).isTrue();
        assertThat(alice.reason()).isEqualTo("because no identity-based policy allows the sts:AssumeRole action");
    }
}
