package io.millrace.iam.evaluation;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceCredentials;
import io.millrace.gateway.access.ServiceGrant;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.identity.IamIds;
import io.millrace.iam.store.IamStore;
import io.millrace.iam.sts.ServiceGrants;
import io.millrace.iam.sts.Session;
import io.millrace.iam.sts.SessionTokens;
import io.millrace.schemas.iam.RoleRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The roles services act as, from the IAM view every gateway keeps current from Kafka: a role is found by its whole
 * ARN (account, path and name), its trust policy must let the service assume it ({@link ServiceTrust}), and what the
 * service does is evaluated as a session of the role ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, the
 * session named after the service, {@code firehose} for {@code firehose.amazonaws.com}) with the role's inline and
 * attached policies, by the same {@link PolicyAuthorizer} as signed requests. A policy change is seen at the next
 * check. The same session's temporary credentials ({@link #credentials}) are sealed by STS's own {@link SessionTokens},
 * so the requests a job signs with them are checked as any STS session's, with the role's current policies.
 */
public final class IamServiceRoles implements ServiceRoles {

    private final IamStore store;
    private final PolicyAuthorizer authorizer;
    private final Clock clock;
    private final ServiceTrust trust;
    private final SessionTokens tokens;
    private final ServiceGrants grants;

    public IamServiceRoles(
            IamStore store, PolicyAuthorizer authorizer, Clock clock, SessionTokens tokens, ServiceGrants grants) {
        this.store = store;
        this.authorizer = authorizer;
        this.clock = clock;
        this.trust = new ServiceTrust(clock);
        this.tokens = tokens;
        this.grants = grants;
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
        RequestContext context = new RequestContext(null, true, clock.instant(), servicePrincipal, null);
        return authorizer.authorize(session(role.get(), servicePrincipal), context, request);
    }

    @Override
    public Optional<ServiceCredentials> credentials(String roleArn, String servicePrincipal, Duration lifetime) {
        return role(roleArn).map(role -> {
            Principal principal = session(role, servicePrincipal);
            // Whole seconds, as STS answers and as the token carries it.
            Session session = new Session(
                    IamIds.accessKeyId(IamIds.TEMPORARY_ACCESS_KEY),
                    IamIds.secretAccessKey(),
                    principal,
                    clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS));
            return new ServiceCredentials(
                    session.accessKeyId(),
                    session.secretAccessKey(),
                    tokens.issue(session),
                    principal.arn(),
                    session.expiresAt());
        });
    }

    @Override
    public Optional<String> grant(String roleArn, ServiceCaller caller) {
        return role(roleArn).map(role -> grants.seal(new ServiceGrant(roleArn, caller)));
    }

    @Override
    public Optional<ServiceGrant> openGrant(String grant) {
        return grants.open(grant);
    }

    /** The role's session as the service assumes it, {@code assumed-role/ROLE/kinesisanalytics} for instance. */
    private static Principal session(RoleRecord role, String servicePrincipal) {
        IamArns.Parsed arn = IamArns.parse(role.getArn()).orElseThrow();
        String session = sessionName(servicePrincipal);
        return new Principal(
                IamArns.assumedRole(arn.accountId(), arn.name(), session),
                role.getArn(),
                arn.accountId(),
                role.getRoleId() + ":" + session,
                null,
                Principal.Type.ASSUMED_ROLE);
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
