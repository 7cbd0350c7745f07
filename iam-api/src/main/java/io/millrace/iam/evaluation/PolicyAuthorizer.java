package io.millrace.iam.evaluation;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.iam.access.IamKeyDirectory;
import io.millrace.iam.access.IdentityPolicy;
import io.millrace.iam.policy.Caller;
import io.millrace.iam.policy.ConditionContext;
import io.millrace.iam.policy.EvaluationRequest;
import io.millrace.iam.policy.EvaluationResult;
import io.millrace.iam.policy.PolicyDocument;
import io.millrace.iam.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's authorizer in signed mode: the caller's identity-based policies (a user's inline and attached ones,
 * or those of the role behind a session, bounded by the session's own session policies) and the resource's own policy, evaluated as AWS evaluates them. Both come
 * from views every gateway keeps current from Kafka, so a policy change takes effect on every gateway within the
 * seconds it takes to read the log.
 */
public final class PolicyAuthorizer implements Authorizer {

    private final IamKeyDirectory identities;
    private final ResourcePolicies resourcePolicies;
    private final ParsedPolicies identityDocuments = ParsedPolicies.identity();
    private final ParsedPolicies resourceDocuments = ParsedPolicies.resource();
    private final ParsedPolicies trustDocuments = ParsedPolicies.trust();

    public PolicyAuthorizer(IamKeyDirectory identities, ResourcePolicies resourcePolicies) {
        this.identities = identities;
        this.resourcePolicies = resourcePolicies;
    }

    @Override
    public Decision authorize(Principal principal, RequestContext context, AccessRequest request) {
        Caller caller = Callers.of(principal);
        List<PolicyDocument> identityPolicies = documents(identities.policiesOf(principal));
        List<PolicyDocument> sessionPolicies =
                identities.sessionPoliciesOf(principal).map(this::documents).orElse(null);
        // A role's resource policy is its trust policy, whose grammar is its own (no Resource element).
        ParsedPolicies grammar = isRole(request.resource()) ? trustDocuments : resourceDocuments;
        PolicyDocument resourcePolicy = resourcePolicies
                .policyOf(request.resource())
                .flatMap(grammar::of)
                .orElse(null);
        ConditionContext conditions = ConditionContext.builder()
                .caller(caller)
                .request(
                        context.sourceIp(),
                        context.secureTransport(),
                        context.currentTime(),
                        context.userAgent(),
                        context.region())
                .putAll(request.conditionKeys())
                .build();
        EvaluationResult result = PolicyEvaluator.evaluate(new EvaluationRequest(
                caller,
                request.action(),
                request.resource(),
                accountOf(request.resource(), principal.accountId()),
                identityPolicies,
                resourcePolicy,
                conditions,
                sessionPolicies));
        return result.allowed() ? Decision.ALLOW : Decision.deny(result.reason());
    }

    /** The documents that parse (a stored one that no longer does grants nothing). */
    private List<PolicyDocument> documents(List<IdentityPolicy> policies) {
        List<PolicyDocument> documents = new ArrayList<>(policies.size());
        for (IdentityPolicy policy : policies) {
            identityDocuments.of(policy.document()).ifPresent(documents::add);
        }
        return documents;
    }

    private static boolean isRole(String arn) {
        return arn.startsWith("arn:aws:iam::") && arn.contains(":role/");
    }

    /**
     * The account in an ARN's fifth field; the caller's own for {@code *} and for ARNs without one (S3 buckets), as
     * AWS treats a bucket as the account's that owns it.
     */
    static String accountOf(String resource, String callerAccount) {
        if (!resource.startsWith("arn:")) {
            return callerAccount;
        }
        String[] parts = resource.split(":", 6);
        return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : callerAccount;
    }
}
