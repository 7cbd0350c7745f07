package io.millrace.iam.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.documents.PolicyDocuments;
import io.millrace.schemas.iam.AccessKeyRecord;
import io.millrace.schemas.iam.ManagedPolicyRecord;
import io.millrace.schemas.iam.PolicyVersionRecord;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import java.time.Instant;

/**
 * The output structures of botocore's IAM model ({@code User}, {@code Role}, {@code Policy}, {@code PolicyVersion},
 * {@code AccessKeyMetadata}, {@code AttachedPolicy}) from the stored records; timestamps are {@link Instant} nodes,
 * policy documents URL-encoded as IAM returns them.
 */
final class IamShapes {

    private IamShapes() {}

    static ObjectNode user(UserRecord user) {
        ObjectNode node = WireCodec.object();
        node.put("Path", user.getPath());
        node.put("UserName", user.getName());
        node.put("UserId", user.getUserId());
        node.put("Arn", user.getArn());
        node.putPOJO("CreateDate", Instant.ofEpochMilli(user.getCreatedAtMillis()));
        return node;
    }

    static ObjectNode role(RoleRecord role) {
        ObjectNode node = WireCodec.object();
        node.put("Path", role.getPath());
        node.put("RoleName", role.getName());
        node.put("RoleId", role.getRoleId());
        node.put("Arn", role.getArn());
        node.putPOJO("CreateDate", Instant.ofEpochMilli(role.getCreatedAtMillis()));
        node.put("AssumeRolePolicyDocument", PolicyDocuments.urlEncoded(role.getAssumeRolePolicyDocument()));
        if (role.getDescription() != null) {
            node.put("Description", role.getDescription());
        }
        node.put("MaxSessionDuration", role.getMaxSessionDuration());
        return node;
    }

    /** CreatePolicy leaves the description out of its answer, GetPolicy and ListPolicies do not. */
    static ObjectNode policy(ManagedPolicyRecord policy, int attachmentCount, boolean withDescription) {
        ObjectNode node = WireCodec.object();
        node.put("PolicyName", policy.getName());
        node.put("PolicyId", policy.getPolicyId());
        node.put("Arn", policy.getArn());
        node.put("Path", policy.getPath());
        node.put("DefaultVersionId", policy.getDefaultVersionId());
        node.put("AttachmentCount", attachmentCount);
        node.put("PermissionsBoundaryUsageCount", 0);
        node.put("IsAttachable", true);
        if (withDescription && policy.getDescription() != null) {
            node.put("Description", policy.getDescription());
        }
        node.putPOJO("CreateDate", Instant.ofEpochMilli(policy.getCreatedAtMillis()));
        node.putPOJO("UpdateDate", Instant.ofEpochMilli(policy.getUpdatedAtMillis()));
        return node;
    }

    static ObjectNode policyVersion(PolicyVersionRecord version, boolean isDefault) {
        ObjectNode node = WireCodec.object();
        node.put("Document", PolicyDocuments.urlEncoded(version.getDocument()));
        node.put("VersionId", version.getVersionId());
        node.put("IsDefaultVersion", isDefault);
        node.putPOJO("CreateDate", Instant.ofEpochMilli(version.getCreatedAtMillis()));
        return node;
    }

    static ObjectNode accessKeyMetadata(String userName, AccessKeyRecord key) {
        ObjectNode node = WireCodec.object();
        node.put("UserName", userName);
        node.put("AccessKeyId", key.getAccessKeyId());
        node.put("Status", key.getStatus());
        node.putPOJO("CreateDate", Instant.ofEpochMilli(key.getCreatedAtMillis()));
        return node;
    }

    static ObjectNode attachedPolicy(String arn) {
        ObjectNode node = WireCodec.object();
        node.put("PolicyName", arn.substring(arn.lastIndexOf('/') + 1));
        node.put("PolicyArn", arn);
        return node;
    }

    /** An answer with one member, {@code {"User": {...}}}. */
    static ObjectNode wrap(String member, ObjectNode value) {
        ObjectNode node = WireCodec.object();
        node.set(member, value);
        return node;
    }
}
