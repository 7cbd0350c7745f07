package io.millrace.iam.access;

import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SessionPolicy;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.identity.IamIds;
import io.millrace.iam.store.IamStore;
import io.millrace.iam.sts.Session;
import io.millrace.iam.sts.SessionTokens;
import io.millrace.schemas.iam.AccessKeyRecord;
import io.millrace.schemas.iam.ManagedPolicyRecord;
import io.millrace.schemas.iam.PolicyVersionRecord;
import io.millrace.schemas.iam.UserRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys IAM and STS issued, for the gateway's signature check: long-term keys ({@code AKIA...}) of users from
 * the in-memory view, active ones only; temporary keys ({@code ASIA...}) from the session token the request
 * presents, opened with the IAM secret key. Neither needs a round trip to Kafka. A session past its expiry is still
 * found, with its expiry, so that the gateway's verifier answers AWS's ExpiredTokenException rather than an unknown
 * key.
 */
public final class IamKeyDirectory implements KeyDirectory {

    /** More active keys than any account here holds; past it the cache starts over rather than grow. */
    private static final int MAX_OPENED = 10_000;

    private final IamStore store;
    private final SessionTokens tokens;
    /**
     * Long-term keys already opened, with the records they were opened from: AES-GCM and a cipher looked up for every
     * request otherwise. The status is still read from the view at each request, so a deleted or
     * deactivated key stops working as soon as this gateway has read the change.
     */
    private final Map<String, OpenedKey> opened = new ConcurrentHashMap<>();
    /**
     * Session tokens already opened: a token is sealed and never changes, so what it says holds for its whole life
     * (the verifier checks the expiry it carries; the policies of its role are read at each request).
     */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public IamKeyDirectory(IamStore store, SessionTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @Override
    public Optional<SigningCredential> find(String accessKeyId, String sessionToken) {
        if (accessKeyId.startsWith(IamIds.TEMPORARY_ACCESS_KEY)) {
            return temporary(accessKeyId, sessionToken);
        }
        Optional<IamStore.OwnedAccessKey> active = store.accessKey(accessKeyId)
                .filter(owned -> owned.key().getStatus().equals("Active"));
        if (active.isEmpty()) {
            opened.remove(accessKeyId);
            return Optional.empty();
        }
        IamStore.OwnedAccessKey owned = active.get();
        OpenedKey known = opened.get(accessKeyId);
        // The view replaces a record on every change, so the same instances mean nothing changed since it was opened.
        if (known != null && known.key() == owned.key() && known.user() == owned.user()) {
            return Optional.of(known.credential());
        }
        Optional<SigningCredential> credential = store.secrets()
                .open(accessKeyId, owned.key().getEncryptedSecret())
                .map(secret -> SigningCredential.longTerm(accessKeyId, secret, userPrincipal(owned)));
        if (opened.size() >= MAX_OPENED) {
            opened.clear();
        }
        credential.ifPresentOrElse(
                found -> opened.put(accessKeyId, new OpenedKey(owned.key(), owned.user(), found)),
                () -> opened.remove(accessKeyId));
        return credential;
    }

    private record OpenedKey(AccessKeyRecord key, UserRecord user, SigningCredential credential) {}

    private static Principal userPrincipal(IamStore.OwnedAccessKey owned) {
        String arn = owned.user().getArn();
        String accountId = IamArns.parse(arn).map(IamArns.Parsed::accountId).orElseThrow();
        return new Principal(
                arn, arn, accountId, owned.user().getUserId(), owned.user().getName(), Principal.Type.USER);
    }

    private Optional<SigningCredential> temporary(String accessKeyId, String sessionToken) {
        if (sessionToken == null) {
            return Optional.empty();
        }
        Session known = sessions.get(sessionToken);
        Optional<Session> session = known != null ? Optional.of(known) : tokens.open(sessionToken);
        if (known == null && session.isPresent()) {
            if (sessions.size() >= MAX_OPENED) {
                sessions.clear();
            }
            sessions.put(sessionToken, session.get());
        }
        return session.filter(found -> found.accessKeyId().equals(accessKeyId))
                .map(found -> credential(found, sessionToken));
    }

    private static SigningCredential credential(Session session, String token) {
        return new SigningCredential(
                session.accessKeyId(),
                session.secretAccessKey(),
                session.principal(),
                Optional.of(token),
                Optional.of(session.expiresAt()));
    }

    /**
     * The identity-based policies of a principal, for the authorizer: the inline and attached managed policies
     * (their default versions) of the user, or of the role behind an assumed-role session (found by its
     * {@code principalArn}). None for the account's root, which needs none, and none for a user or role deleted
     * since the session began, as IAM evaluates the policies current at each request.
     */
    public List<IdentityPolicy> policiesOf(Principal principal) {
        return switch (principal.type()) {
            case ROOT -> List.of();
            case USER ->
                store.users()
                        .get(principal.username() == null ? "" : principal.username())
                        .filter(user -> user.getArn().equals(principal.principalArn()))
                        .map(user -> policies(user.getArn(), user.getInlinePolicies(), user.getAttachedPolicies()))
                        .orElse(List.of());
            case ASSUMED_ROLE ->
                IamArns.parse(principal.principalArn())
                        .flatMap(arn -> store.roles().get(arn.name()))
                        .filter(role -> role.getArn().equals(principal.principalArn()))
                        .map(role -> policies(role.getArn(), role.getInlinePolicies(), role.getAttachedPolicies()))
                        .orElse(List.of());
        };
    }

    /**
     * The session policies of a role session that was given some: its inline session policy and the current default
     * versions of the managed policies it named (one that no longer exists grants nothing). Empty when it was given
     * none, so that its role's policies alone decide.
     */
    public Optional<List<IdentityPolicy>> sessionPoliciesOf(Principal principal) {
        SessionPolicy session = principal.sessionPolicy();
        if (!session.present()) {
            return Optional.empty();
        }
        List<IdentityPolicy> policies = new ArrayList<>();
        if (session.document() != null) {
            policies.add(new IdentityPolicy(principal.arn(), "session", session.document(), true));
        }
        policies.addAll(managed(session.policyArns()));
        return Optional.of(policies);
    }

    private List<IdentityPolicy> policies(String ownerArn, Map<String, String> inline, List<String> attached) {
        List<IdentityPolicy> policies = new ArrayList<>();
        new TreeMap<>(inline)
                .forEach((name, document) -> policies.add(new IdentityPolicy(ownerArn, name, document, true)));
        policies.addAll(managed(attached));
        return policies;
    }

    private List<IdentityPolicy> managed(List<String> arns) {
        List<IdentityPolicy> policies = new ArrayList<>();
        for (String arn : arns) {
            store.policies()
                    .get(IamArns.parse(arn).map(IamArns.Parsed::name).orElse(""))
                    .filter(policy -> policy.getArn().equals(arn))
                    .flatMap(policy -> defaultDocument(policy)
                            .map(document -> new IdentityPolicy(arn, policy.getName(), document, false)))
                    .ifPresent(policies::add);
        }
        return policies;
    }

    private static Optional<String> defaultDocument(ManagedPolicyRecord policy) {
        return policy.getVersions().stream()
                .filter(version -> version.getVersionId().equals(policy.getDefaultVersionId()))
                .findFirst()
                .map(PolicyVersionRecord::getDocument);
    }
}
