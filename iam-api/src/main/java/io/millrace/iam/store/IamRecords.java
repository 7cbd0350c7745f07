package io.millrace.iam.store;

import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.identity.IamIds;
import io.millrace.iam.identity.IamQuotas;
import io.millrace.schemas.iam.AccessKeyRecord;
import io.millrace.schemas.iam.ManagedPolicyRecord;
import io.millrace.schemas.iam.PolicyVersionRecord;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** New IAM entities as IAM creates them: a fresh unique id, the ARN of their path and name, nothing attached. */
public final class IamRecords {

    private IamRecords() {}

    /** A user with nothing yet, at version 0 (the store writes version 1). */
    public static UserRecord newUser(String accountId, String name, String path, Instant createdAt) {
        return UserRecord.newBuilder()
                .setName(name)
                .setUserId(IamIds.uniqueId(IamIds.USER))
                .setArn(IamArns.user(accountId, path, name))
                .setPath(path)
                .setVersion(0)
                .setCreatedAtMillis(createdAt.toEpochMilli())
                .setAccessKeys(new ArrayList<>())
                .setInlinePolicies(new HashMap<>())
                .setAttachedPolicies(new ArrayList<>())
                .build();
    }

    /** A role with no permissions policies yet, at version 0 (the store writes version 1). */
    public static RoleRecord newRole(
            String accountId,
            String name,
            String path,
            String trustPolicy,
            String description,
            int maxSessionDuration,
            Instant createdAt) {
        return RoleRecord.newBuilder()
                .setName(name)
                .setRoleId(IamIds.uniqueId(IamIds.ROLE))
                .setArn(IamArns.role(accountId, path, name))
                .setPath(path)
                .setVersion(0)
                .setCreatedAtMillis(createdAt.toEpochMilli())
                .setAssumeRolePolicyDocument(trustPolicy)
                .setDescription(description)
                .setMaxSessionDuration(maxSessionDuration)
                .setInlinePolicies(new HashMap<>())
                .setAttachedPolicies(new ArrayList<>())
                .build();
    }

    /** A policy with its first version, v1, the default, at record version 0 (the store writes version 1). */
    public static ManagedPolicyRecord newPolicy(
            String accountId, String name, String path, String document, String description, Instant createdAt) {
        long now = createdAt.toEpochMilli();
        return ManagedPolicyRecord.newBuilder()
                .setName(name)
                .setPolicyId(IamIds.uniqueId(IamIds.POLICY))
                .setArn(IamArns.policy(accountId, path, name))
                .setPath(path)
                .setVersion(0)
                .setCreatedAtMillis(now)
                .setUpdatedAtMillis(now)
                .setDescription(description)
                .setDefaultVersionId("v1")
                .setVersions(List.of(PolicyVersionRecord.newBuilder()
                        .setVersionId("v1")
                        .setDocument(document)
                        .setCreatedAtMillis(now)
                        .build()))
                .build();
    }

    /** A key sealed under the IAM secret key. */
    public static AccessKeyRecord newKey(
            AccessKeySecrets secrets, String accessKeyId, String secret, String status, Instant createdAt) {
        return AccessKeyRecord.newBuilder()
                .setAccessKeyId(accessKeyId)
                .setEncryptedSecret(secrets.seal(accessKeyId, secret))
                .setStatus(status)
                .setCreatedAtMillis(createdAt.toEpochMilli())
                .build();
    }

    /** {@code user} with one more key, within "Access keys assigned to an IAM user: 2". */
    public static UserRecord withAccessKey(UserRecord user, AccessKeyRecord key) {
        if (user.getAccessKeys().size() >= IamQuotas.ACCESS_KEYS_PER_USER) {
            throw IamErrors.quotaExceeded("AccessKeysPerUser", IamQuotas.ACCESS_KEYS_PER_USER);
        }
        List<AccessKeyRecord> keys = new ArrayList<>(user.getAccessKeys());
        keys.add(key);
        return UserRecord.newBuilder(user).setAccessKeys(keys).build();
    }
}
