package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamIds;
import io.millrace.iam.identity.IamNames;
import io.millrace.iam.store.IamRecords;
import io.millrace.schemas.iam.AccessKeyRecord;
import io.millrace.schemas.iam.UserRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateAccessKey, DeleteAccessKey, ListAccessKeys, UpdateAccessKey: of the user named, or of the calling user
 * when UserName is absent, as IAM does. The secret is returned once, by CreateAccessKey, and stored encrypted.
 */
final class AccessKeyActions {

    static final String ACTIVE = "Active";
    static final String INACTIVE = "Inactive";
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeyActions.class);

    private final IamContext iam;

    AccessKeyActions(IamContext iam) {
        this.iam = iam;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        String name = userName(request, new Validation());
        String accessKeyId = IamIds.accessKeyId(IamIds.ACCESS_KEY);
        String secret = IamIds.secretAccessKey();
        AccessKeyRecord key = IamRecords.newKey(iam.store.secrets(), accessKeyId, secret, ACTIVE, request.receivedAt());
        return changeUser(name, user -> IamRecords.withAccessKey(user, key)).thenApply(user -> {
            LOG.info("Created access key {} of IAM user {}", accessKeyId, user.getName());
            ObjectNode created = IamShapes.accessKeyMetadata(user.getName(), key);
            created.put("SecretAccessKey", secret);
            return IamShapes.wrap("AccessKey", created);
        });
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        Validation validation = new Validation();
        String accessKeyId = accessKeyId(request.body(), validation);
        String name = userName(request, validation);
        return changeUser(name, user -> {
                    List<AccessKeyRecord> keys = new ArrayList<>(user.getAccessKeys());
                    if (!keys.removeIf(key -> key.getAccessKeyId().equals(accessKeyId))) {
                        throw IamErrors.accessKeyNotFound(accessKeyId);
                    }
                    return UserRecord.newBuilder(user).setAccessKeys(keys).build();
                })
                .thenApply(user -> {
                    LOG.info("Deleted access key {} of IAM user {}", accessKeyId, user.getName());
                    return WireCodec.object();
                });
    }

    /** An inactive key signs nothing until it is made active again. */
    CompletionStage<JsonNode> update(AwsRequest request) {
        Validation validation = new Validation();
        String accessKeyId = accessKeyId(request.body(), validation);
        String status = iam.fields.text(request.body(), "Status");
        validation.required("status", status).oneOf("status", status, List.of(ACTIVE, INACTIVE, "Expired"));
        String name = userName(request, validation);
        if ("Expired".equals(status)) {
            throw IamErrors.invalidInput("Status Expired is not valid for UpdateAccessKey.");
        }
        return changeUser(name, user -> {
                    List<AccessKeyRecord> keys = new ArrayList<>();
                    boolean found = false;
                    for (AccessKeyRecord key : user.getAccessKeys()) {
                        if (key.getAccessKeyId().equals(accessKeyId)) {
                            found = true;
                            key = AccessKeyRecord.newBuilder(key)
                                    .setStatus(status)
                                    .build();
                        }
                        keys.add(key);
                    }
                    if (!found) {
                        throw IamErrors.accessKeyNotFound(accessKeyId);
                    }
                    return UserRecord.newBuilder(user).setAccessKeys(keys).build();
                })
                .thenApply(user -> {
                    LOG.info("Access key {} of IAM user {} is now {}", accessKeyId, user.getName(), status);
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> list(AwsRequest request) {
        Validation validation = new Validation();
        Paging paging = Paging.read(iam.fields, request.body(), validation);
        String name = userName(request, validation);
        return iam.existing(iam.store.users(), name, () -> IamErrors.userNotFound(name))
                .thenApply(user -> paging.page(
                        user.getAccessKeys(),
                        AccessKeyRecord::getAccessKeyId,
                        "AccessKeyMetadata",
                        key -> IamShapes.accessKeyMetadata(user.getName(), key)));
    }

    private CompletionStage<UserRecord> changeUser(String name, Function<UserRecord, UserRecord> change) {
        return iam.write(() -> iam.store.users().update(name, current -> {
            if (current == null) {
                throw IamErrors.userNotFound(name);
            }
            return change.apply(current);
        }));
    }

    private String accessKeyId(JsonNode body, Validation validation) {
        String accessKeyId = iam.fields.text(body, "AccessKeyId");
        validation
                .required("accessKeyId", accessKeyId)
                .length("accessKeyId", accessKeyId, 16, 128)
                .pattern("accessKeyId", accessKeyId, IamNames.ACCESS_KEY_ID);
        return accessKeyId;
    }

    /** UserName, or the caller's own user when absent; checks every violation collected so far. */
    private String userName(AwsRequest request, Validation validation) {
        String name = iam.fields.text(request.body(), "UserName");
        IamNames.name(validation, "userName", name, IamNames.EXISTING_USER_NAME_MAX);
        iam.fields.check(validation);
        return name != null ? name : UserActions.callerUserName(request.caller());
    }
}
