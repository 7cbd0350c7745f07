package io.millrace.iam.policy;

import static io.millrace.iam.policy.Requests.ACCOUNT;
import static io.millrace.iam.policy.Requests.READER_SESSION;
import static io.millrace.iam.policy.Requests.STREAM;
import static io.millrace.iam.policy.Requests.identity;
import static io.millrace.iam.policy.Requests.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Session policies as the IAM User Guide's "Session policies" describes them: the session's permissions are the
 * intersection of its role's identity policies and its session policies; a resource policy naming the session
 * itself adds to them, one naming the role does not escape them.
 */
class SessionPolicyEvaluationTest {

    private static final PolicyDocument ROLE_ALL_KINESIS = identity("""
            {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}""");
    private static final PolicyDocument SESSION_READS = identity("""
            {"Effect": "Allow", "Action": ["kinesis:Get*", "kinesis:Describe*"], "Resource": "*"}""");

    private static EvaluationResult evaluate(
            String action, List<PolicyDocument> role, PolicyDocument resourcePolicy, List<PolicyDocument> session) {
        return PolicyEvaluator.evaluate(new EvaluationRequest(
                READER_SESSION,
                action,
                STREAM,
                ACCOUNT,
                role,
                resourcePolicy,
                Requests.context(READER_SESSION, Map.of()),
                session));
    }

    @Test
    void theSessionMayDoWhatBothItsRoleAndItsSessionPoliciesAllow() {
        assertThat(evaluate("kinesis:GetRecords", List.of(ROLE_ALL_KINESIS), null, List.of(SESSION_READS))
                        .allowed())
                .isTrue();
        assertThat(evaluate("kinesis:PutRecord", List.of(ROLE_ALL_KINESIS), null, List.of(SESSION_READS))
                        .reason())
                .isEqualTo("because no session policy allows the kinesis:PutRecord action");
        // A session policy grants nothing the role's policies do not.
        assertThat(evaluate("kinesis:GetRecords", List.of(), null, List.of(SESSION_READS))
                        .reason())
                .isEqualTo("because no identity-based policy allows the kinesis:GetRecords action");
        // Session policies that resolve to nothing (a managed policy deleted since) leave nothing allowed.
        assertThat(evaluate("kinesis:GetRecords", List.of(ROLE_ALL_KINESIS), null, List.of())
                        .allowed())
                .isFalse();
        // No session policies at all: the role decides.
        assertThat(evaluate("kinesis:PutRecord", List.of(ROLE_ALL_KINESIS), null, null)
                        .allowed())
                .isTrue();
    }

    @Test
    void anExplicitDenyInASessionPolicyWins() {
        PolicyDocument denyPuts = identity("""
                {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "kinesis:Put*", "Resource": "*"}""");

        EvaluationResult result = evaluate("kinesis:PutRecords", List.of(ROLE_ALL_KINESIS), null, List.of(denyPuts));

        assertThat(result.decision()).isEqualTo(EvaluationResult.Decision.EXPLICIT_DENY);
        assertThat(result.reason()).isEqualTo("with an explicit deny in a session policy");
    }

    @Test
    void aResourcePolicyNamingTheSessionAddsToItButOneNamingTheRoleDoesNot() {
        PolicyDocument namingSession = resource("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/reader/app"},
                 "Action": "kinesis:PutRecord", "Resource": "*"}""");
        PolicyDocument namingRole = resource("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
                 "Action": "kinesis:PutRecord", "Resource": "*"}""");

        assertThat(evaluate("kinesis:PutRecord", List.of(), namingSession, List.of(SESSION_READS))
                        .allowed())
                .isTrue();
        assertThat(evaluate("kinesis:PutRecord", List.of(), namingRole, List.of(SESSION_READS))
                        .reason())
                .isEqualTo("because no session policy allows the kinesis:PutRecord action");
    }
}
