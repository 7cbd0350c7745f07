package io.millrace.iam.store;

import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.iam.AccessKeyRecord;
import io.millrace.schemas.iam.ManagedPolicyRecord;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Users (with their access keys and policies), roles and managed policies in one compacted topic that every gateway
 * tails, kept in memory: keys {@code user/}, {@code role/} and {@code policy/} followed by the lower-case name. An
 * index of access key ids is kept current from the same tail, so that a signed request finds its key without a scan.
 */
public final class IamStore {

    /** An access key and the user it belongs to, as last applied. */
    public record OwnedAccessKey(UserRecord user, AccessKeyRecord key) {}

    private final VersionedTopic topic;
    private final Entities<UserRecord> users;
    private final Entities<RoleRecord> roles;
    private final Entities<ManagedPolicyRecord> policies;
    private final AccessKeySecrets secrets;
    /** Access key id to the lower-case name of its user, and back. */
    private final Map<String, String> keyOwners = new ConcurrentHashMap<>();

    private final Map<String, Set<String>> keysOfUser = new ConcurrentHashMap<>();

    /** Adds the IAM key spaces to {@code topic}; start the topic afterwards. */
    public IamStore(VersionedTopic topic, AccessKeySecrets secrets) {
        this.topic = topic;
        this.secrets = secrets;
        this.users = new Entities<>(
                topic,
                "user/",
                UserRecord::toByteBuffer,
                MetadataDecoders::iamUser,
                UserRecord::getName,
                UserRecord::getVersion,
                UserRecord::getUserId,
                (user, version) ->
                        UserRecord.newBuilder(user).setVersion(version).build());
        this.roles = new Entities<>(
                topic,
                "role/",
                RoleRecord::toByteBuffer,
                MetadataDecoders::iamRole,
                RoleRecord::getName,
                RoleRecord::getVersion,
                RoleRecord::getRoleId,
                (role, version) ->
                        RoleRecord.newBuilder(role).setVersion(version).build());
        this.policies = new Entities<>(
                topic,
                "policy/",
                ManagedPolicyRecord::toByteBuffer,
                MetadataDecoders::iamPolicy,
                ManagedPolicyRecord::getName,
                ManagedPolicyRecord::getVersion,
                ManagedPolicyRecord::getPolicyId,
                (policy, version) -> ManagedPolicyRecord.newBuilder(policy)
                        .setVersion(version)
                        .build());
        users.onChange(this::reindex);
    }

    public Entities<UserRecord> users() {
        return users;
    }

    public Entities<RoleRecord> roles() {
        return roles;
    }

    public Entities<ManagedPolicyRecord> policies() {
        return policies;
    }

    public AccessKeySecrets secrets() {
        return secrets;
    }

    /** The access key of that id and its user, whatever its status; empty when no user has it. */
    public Optional<OwnedAccessKey> accessKey(String accessKeyId) {
        String owner = keyOwners.get(accessKeyId);
        if (owner == null) {
            return Optional.empty();
        }
        return users.get(owner)
                .flatMap(user -> user.getAccessKeys().stream()
                        .filter(key -> key.getAccessKeyId().equals(accessKeyId))
                        .findFirst()
                        .map(key -> new OwnedAccessKey(user, key)));
    }

    /** How many users and roles have the managed policy {@code arn} attached (its AttachmentCount). */
    public int attachmentCount(String arn) {
        long count = users.all().stream()
                        .filter(user -> user.getAttachedPolicies().contains(arn))
                        .count()
                + roles.all().stream()
                        .filter(role -> role.getAttachedPolicies().contains(arn))
                        .count();
        return (int) count;
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return topic.sync();
    }

    /** Re-publishes records whose last write lost a compare-and-set, so that compaction keeps the winner. */
    public void repair() {
        users.repair();
        roles.repair();
        policies.repair();
    }

    private void reindex(String userKey) {
        Set<String> current = users.get(userKey)
                .map(user -> user.getAccessKeys().stream()
                        .map(AccessKeyRecord::getAccessKeyId)
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
        Set<String> previous = keysOfUser.getOrDefault(userKey, Set.of());
        for (String id : previous) {
            if (!current.contains(id)) {
                keyOwners.remove(id, userKey);
            }
        }
        current.forEach(id -> keyOwners.put(id, userKey));
        if (current.isEmpty()) {
            keysOfUser.remove(userKey);
        } else {
            keysOfUser.put(userKey, current);
        }
    }
}
