package io.millrace.iam.evaluation;

import io.millrace.gateway.access.ServiceCaller;
import io.millrace.iam.policy.Caller;
import io.millrace.iam.policy.ConditionContext;
import io.millrace.iam.policy.EvaluationRequest;
import io.millrace.iam.policy.PolicyDocument;
import io.millrace.iam.policy.PolicyEvaluator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Whether a role's trust policy lets a service assume it, evaluated by the policy language as AWS evaluates a
 * service's {@code sts:AssumeRole}: a statement must name the service in a {@code Service} principal (or {@code *}),
 * an explicit Deny wins, and conditions see what the service presents: {@code aws:SourceArn},
 * {@code aws:SourceAccount}, {@code sts:ExternalId}, {@code aws:PrincipalServiceName}, {@code aws:CurrentTime}.
 * So a role whose trust policy requires {@code aws:SourceAccount} serves its own account's delivery streams only,
 * as AWS's confused-deputy guidance intends.
 */
final class ServiceTrust {

    private static final String ASSUME_ROLE = "sts:AssumeRole";

    private final ParsedPolicies trustDocuments = ParsedPolicies.trust();
    private final Clock clock;

    ServiceTrust(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code trustPolicy}, the trust policy of {@code roleArn}, lets the caller assume it. */
    boolean allows(String trustPolicy, String roleArn, ServiceCaller service) {
        Optional<PolicyDocument> trust = trustDocuments.of(trustPolicy);
        if (trust.isEmpty()) {
            return false;
        }
        Caller caller = Caller.service(service.servicePrincipal());
        ConditionContext.Builder conditions = ConditionContext.builder()
                .caller(caller)
                .request(null, true, clock.instant(), service.servicePrincipal(), null)
                .source(service.sourceArn(), service.sourceAccount());
        if (service.externalId() != null) {
            conditions.put("sts:ExternalId", service.externalId());
        }
        return PolicyEvaluator.evaluate(new EvaluationRequest(
                        caller,
                        ASSUME_ROLE,
                        roleArn,
                        PolicyAuthorizer.accountOf(roleArn, ""),
                        List.of(),
                        trust.get(),
                        conditions.build()))
                .allowed();
    }
}
