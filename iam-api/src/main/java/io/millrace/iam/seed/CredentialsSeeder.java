package io.millrace.iam.seed;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.documents.PolicyDocuments;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.identity.IamNames;
import io.millrace.iam.identity.IamQuotas;
import io.millrace.iam.store.IamRecords;
import io.millrace.iam.store.IamStore;
import io.millrace.schemas.iam.AccessKeyRecord;
import io.millrace.schemas.iam.ManagedPolicyRecord;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the store hold what a {@link CredentialsFile} describes, at start, without undoing anything else: entities
 * missing are created, access keys missing are added with the id and secret the file gives, the file's inline
 * policies are put and its managed policies attached. Running it again changes nothing, so every restart may run it;
 * a key id that belongs to another user, or exists with another secret, stops the start instead of being replaced.
 */
public final class CredentialsSeeder {

    /** An access key id as AWS makes them: AKIA and 16 upper-case letters and digits. */
    static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{16}");

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsSeeder.class);

    private final IamStore store;
    private final String accountId;
    private final PolicyDocumentValidator validator;
    private final Clock clock;

    public CredentialsSeeder(IamStore store, String accountId, PolicyDocumentValidator validator, Clock clock) {
        this.store = store;
        this.accountId = accountId;
        this.validator = validator;
        this.clock = clock;
    }

    /** Applies the file; throws {@link IllegalArgumentException} naming what in the file is wrong. */
    public void apply(CredentialsFile file) {
        store.sync().join();
        file.policies().forEach(this::policy);
        file.users().forEach(this::user);
        file.roles().forEach(this::role);
        LOG.info(
                "Credentials file applied: {} users, {} roles, {} managed policies",
                file.users().size(),
                file.roles().size(),
                file.policies().size());
    }

    private void policy(CredentialsFile.ManagedPolicy spec) {
        String path = spec.path() == null ? "/" : spec.path();
        String document = CredentialsFile.document(spec.document());
        Validation validation = new Validation().required("policies[].name", spec.name());
        IamNames.name(validation, "policies[].name", spec.name(), IamNames.POLICY_NAME_MAX);
        IamNames.path(validation, "policies[].path", path, IamNames.POLICY_PATH);
        check(validation);
        checkDocument(
                "policy " + spec.name(),
                document,
                IamQuotas.MANAGED_POLICY_SIZE,
                PolicyDocumentValidator.Kind.IDENTITY);
        ManagedPolicyRecord created = write(store.policies()
                .update(
                        spec.name(),
                        current -> current != null
                                ? null
                                : IamRecords.newPolicy(
                                        accountId, spec.name(), path, document, spec.description(), clock.instant())));
        if (!created.getArn().equals(IamArns.policy(accountId, path, spec.name()))) {
            throw new IllegalArgumentException(
                    "Policy " + spec.name() + " exists with another path: " + created.getArn());
        }
    }

    private void user(CredentialsFile.User spec) {
        String path = spec.path() == null ? "/" : spec.path();
        Validation validation = new Validation().required("users[].name", spec.name());
        IamNames.name(validation, "users[].name", spec.name(), IamNames.USER_NAME_MAX);
        IamNames.path(validation, "users[].path", path, IamNames.PATH);
        check(validation);
        Map<String, String> inline =
                inlinePolicies("user " + spec.name(), spec.policies(), IamQuotas.USER_INLINE_POLICIES_SIZE);
        List<String> attached = existingPolicies(spec.attachedPolicies(), IamQuotas.POLICIES_PER_USER);
        List<AccessKeyRecord> keys = new ArrayList<>();
        for (CredentialsFile.AccessKey key :
                spec.accessKeys() == null ? List.<CredentialsFile.AccessKey>of() : spec.accessKeys()) {
            keys.add(accessKey(spec.name(), key));
        }
        write(store.users().update(spec.name(), current -> {
            UserRecord user =
                    current != null ? current : IamRecords.newUser(accountId, spec.name(), path, clock.instant());
            boolean changed = current == null;
            for (AccessKeyRecord key : keys) {
                if (!hasKey(user, key)) {
                    user = IamRecords.withAccessKey(user, key);
                    changed = true;
                }
            }
            Map<String, String> policies = new HashMap<>(user.getInlinePolicies());
            changed |= !policies.entrySet().containsAll(inline.entrySet());
            policies.putAll(inline);
            List<String> arns = merged(user.getAttachedPolicies(), attached);
            changed |= arns.size() != user.getAttachedPolicies().size();
            return changed
                    ? UserRecord.newBuilder(user)
                            .setInlinePolicies(policies)
                            .setAttachedPolicies(arns)
                            .build()
                    : null;
        }));
    }

    private AccessKeyRecord accessKey(String userName, CredentialsFile.AccessKey key) {
        String status = key.status() == null ? "Active" : key.status();
        if (key.accessKeyId() == null
                || !ACCESS_KEY_ID.matcher(key.accessKeyId()).matches()) {
            throw new IllegalArgumentException("Access key id of user " + userName + " must be AKIA and 16 upper-case"
                    + " letters or digits, found " + key.accessKeyId());
        }
        if (key.secretAccessKey() == null || key.secretAccessKey().length() != 40) {
            throw new IllegalArgumentException("Secret access key of " + key.accessKeyId() + " must be 40 characters");
        }
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw new IllegalArgumentException("Status of " + key.accessKeyId() + " must be Active or Inactive");
        }
        store.accessKey(key.accessKeyId()).ifPresent(owned -> {
            if (!owned.user().getName().equalsIgnoreCase(userName)) {
                throw new IllegalArgumentException("Access key " + key.accessKeyId() + " already belongs to user "
                        + owned.user().getName());
            }
            String secret = store.secrets()
                    .open(key.accessKeyId(), owned.key().getEncryptedSecret())
                    .orElse(null);
            if (!key.secretAccessKey().equals(secret)) {
                throw new IllegalArgumentException("Access key " + key.accessKeyId() + " exists with another secret");
            }
        });
        return IamRecords.newKey(store.secrets(), key.accessKeyId(), key.secretAccessKey(), status, clock.instant());
    }

    private static boolean hasKey(UserRecord user, AccessKeyRecord key) {
        return user.getAccessKeys().stream()
                .anyMatch(existing -> existing.getAccessKeyId().equals(key.getAccessKeyId()));
    }

    private void role(CredentialsFile.Role spec) {
        String path = spec.path() == null ? "/" : spec.path();
        String trust = CredentialsFile.document(spec.assumeRolePolicy());
        int maxSession = spec.maxSessionDuration() == null ? 3600 : spec.maxSessionDuration();
        Validation validation = new Validation().required("roles[].name", spec.name());
        IamNames.name(validation, "roles[].name", spec.name(), IamNames.ROLE_NAME_MAX);
        IamNames.path(validation, "roles[].path", path, IamNames.PATH);
        validation.range("roles[].maxSessionDuration", maxSession, 3600, 43200);
        check(validation);
        checkDocument(
                "trust policy of role " + spec.name(),
                trust,
                IamQuotas.TRUST_POLICY_SIZE,
                PolicyDocumentValidator.Kind.TRUST);
        Map<String, String> inline =
                inlinePolicies("role " + spec.name(), spec.policies(), IamQuotas.ROLE_INLINE_POLICIES_SIZE);
        List<String> attached = existingPolicies(spec.attachedPolicies(), IamQuotas.POLICIES_PER_ROLE);
        write(store.roles().update(spec.name(), current -> {
            RoleRecord role = current != null
                    ? current
                    : IamRecords.newRole(
                            accountId, spec.name(), path, trust, spec.description(), maxSession, clock.instant());
            Map<String, String> policies = new HashMap<>(role.getInlinePolicies());
            boolean changed = current == null || !policies.entrySet().containsAll(inline.entrySet());
            policies.putAll(inline);
            List<String> arns = merged(role.getAttachedPolicies(), attached);
            changed |= arns.size() != role.getAttachedPolicies().size();
            return changed
                    ? RoleRecord.newBuilder(role)
                            .setInlinePolicies(policies)
                            .setAttachedPolicies(arns)
                            .build()
                    : null;
        }));
    }

    private Map<String, String> inlinePolicies(
            String owner, Map<String, com.fasterxml.jackson.databind.JsonNode> specs, int quota) {
        Map<String, String> policies = new HashMap<>();
        if (specs == null) {
            return policies;
        }
        specs.forEach((name, node) -> {
            Validation validation = new Validation();
            IamNames.name(validation, "policyName", name, IamNames.POLICY_NAME_MAX);
            check(validation);
            policies.put(name, CredentialsFile.document(node));
        });
        int size = 0;
        for (Map.Entry<String, String> policy : policies.entrySet()) {
            checkDocument(
                    "policy " + policy.getKey() + " of " + owner,
                    policy.getValue(),
                    quota,
                    PolicyDocumentValidator.Kind.IDENTITY);
            size += PolicyDocuments.size(policy.getValue());
        }
        if (size > quota) {
            throw new IllegalArgumentException("Inline policies of " + owner + " exceed " + quota + " characters");
        }
        return policies;
    }

    private List<String> existingPolicies(List<String> arns, int quota) {
        List<String> existing = arns == null ? List.of() : List.copyOf(arns);
        for (String arn : existing) {
            boolean found = IamArns.parse(arn)
                    .flatMap(parsed -> store.policies().get(parsed.name()))
                    .filter(policy -> policy.getArn().equals(arn))
                    .isPresent();
            if (!found) {
                throw new IllegalArgumentException("Policy " + arn + " does not exist: define it under \"policies\"");
            }
        }
        if (existing.size() > quota) {
            throw new IllegalArgumentException("At most " + quota + " managed policies may be attached");
        }
        return existing;
    }

    private static List<String> merged(List<String> current, List<String> wanted) {
        List<String> merged = new ArrayList<>(current);
        wanted.stream().filter(arn -> !merged.contains(arn)).forEach(merged::add);
        return merged;
    }

    private void checkDocument(String what, String document, int quota, PolicyDocumentValidator.Kind kind) {
        if (document == null) {
            throw new IllegalArgumentException("The " + what + " has no document");
        }
        if (PolicyDocuments.size(document) > quota) {
            throw new IllegalArgumentException("The " + what + " exceeds " + quota + " characters");
        }
        validator.problem(document, kind).ifPresent(problem -> {
            throw new IllegalArgumentException("The " + what + " is malformed: " + problem);
        });
    }

    private static void check(Validation validation) {
        try {
            validation.throwIfInvalid();
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static <T> T write(java.util.concurrent.CompletableFuture<T> write) {
        try {
            return write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw new IllegalArgumentException(api.getMessage());
            }
            throw e;
        }
    }
}
