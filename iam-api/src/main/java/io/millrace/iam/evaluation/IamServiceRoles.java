package io.millrace.iam.evaluation;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.store.IamStore;
import io.millrace.schemas.iam.RoleRecord;
import java.time.Clock;
import java.util.Optional;

/**
 * The roles services act as, from the IAM view every gateway keeps current from Kafka: a role is found by its whole
 * ARN (account, path and name), its trust policy must let the service assume it ({@link ServiceTrust}), and what the
 * service does is evaluated as a session of the role ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, the
 * session named after the service, {@code firehose} for {@code firehose.amazonaws.com}) with the role's inline and
 * attached policies, by the same {@link PolicyAuthorizer} as signed requests. A policy change is seen at the next
 * check.
 */
public final class IamServiceRoles implements ServiceRoles {

    private final IamStore store;
    private final PolicyAuthorizer authorizer;
    private final Clock clock;
    private final ServiceTrust trust;

    public IamServiceRoles(IamStore store, PolicyAuthorizer authorizer, Clock clock) {
        this.store = store;
        this.authorizer = authorizer;
        this.clock = clock;
        this.trust = new ServiceTrust(clock);
    }

    @Override
    public Optional<String> problemAssuming(String roleArn, ServiceCaller caller) {
        Optional<RoleRecord> role = role(roleArn);
        if (role.isEmpty()) {
            return Optional.of("the role " + roleArn + " does not exist");
        }
        if (!trust.allows(role.get().getAssumeRolePolicyDocument(), roleArn, caller)) {
            return Optional.of("the trust policy of " + roleArn + " does not allow " + caller.servicePrincipal()
                    + " to perform sts:AssumeRole" + (caller.sourceArn() == null ? "" : " for " + caller.sourceArn()));
        }
        return Optional.empty();
    }

    @Override
    public Decision authorize(String roleArn, String servicePrincipal, AccessRequest request) {
        Optional<RoleRecord> role = role(roleArn);
        if (role.isEmpty()) {
            return Decision.deny("because the role " + roleArn + " does not exist");
        }
        IamArns.Parsed arn = IamArns.parse(roleArn).orElseThrow();
        String session = sessionName(servicePrincipal);
        Principal principal = new Principal(
                IamArns.assumedRole(arn.accountId(), arn.name(), session),
                roleArn,
                arn.accountId(),
                role.get().getRoleId() + ":" + session,
                null,
                Principal.Type.ASSUMED_ROLE);
        RequestContext context = new RequestContext(null, true, clock.instant(), servicePrincipal, null);
        return authorizer.authorize(principal, context, request);
    }

    private Optional<RoleRecord> role(String roleArn) {
        return IamArns.parse(roleArn)
                .filter(arn -> arn.kind().equals("role"))
                .flatMap(arn -> store.roles().get(arn.name()))
                .filter(role -> role.getArn().equals(roleArn));
    }

    /** {@code firehose} for {@code firehose.amazonaws.com}: the session AWS's CloudTrail shows is the service's. */
    static String sessionName(String servicePrincipal) {
        int dot = servicePrincipal.indexOf('.');
        return dot > 0 ? servicePrincipal.substring(0, dot) : servicePrincipal;
    }
}
