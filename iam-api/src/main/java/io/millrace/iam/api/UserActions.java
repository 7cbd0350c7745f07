package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamNames;
import io.millrace.iam.store.IamRecords;
import io.millrace.schemas.iam.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CreateUser, GetUser, ListUsers, DeleteUser. */
final class UserActions {

    private static final Logger LOG = LoggerFactory.getLogger(UserActions.class);

    private final IamContext iam;

    UserActions(IamContext iam) {
        this.iam = iam;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String name = iam.fields.text(body, "UserName");
        String path = iam.fields.text(body, "Path");
        Validation validation = new Validation().required("userName", name);
        IamNames.name(validation, "userName", name, IamNames.USER_NAME_MAX);
        IamNames.path(validation, "path", path, IamNames.PATH);
        iam.fields.check(validation);
        String userPath = path == null ? "/" : path;
        return iam.write(() -> iam.store.users().update(name, current -> {
                    if (current != null) {
                        throw IamErrors.userExists(current.getName());
                    }
                    return IamRecords.newUser(iam.accountId, name, userPath, request.receivedAt());
                }))
                .thenApply(user -> {
                    LOG.info("Created IAM user {} ({})", user.getName(), user.getUserId());
                    return IamShapes.wrap("User", IamShapes.user(user));
                });
    }

    /**
     * GetUser without UserName describes the caller: the user whose key signed the request, or the account's root
     * (as IAM answers the root); a role session must name a user.
     */
    CompletionStage<JsonNode> get(AwsRequest request) {
        String name = iam.fields.text(request.body(), "UserName");
        Validation validation = new Validation();
        IamNames.name(validation, "userName", name, IamNames.EXISTING_USER_NAME_MAX);
        iam.fields.check(validation);
        if (name == null) {
            Principal caller = request.caller();
            if (caller.type() == Principal.Type.ROOT) {
                ObjectNode root = WireCodec.object();
                root.put("UserId", caller.accountId());
                root.put("Arn", caller.arn());
                root.putPOJO("CreateDate", Instant.EPOCH);
                return CompletableFuture.completedFuture(IamShapes.wrap("User", root));
            }
            name = callerUserName(caller);
        }
        String userName = name;
        return iam.existing(iam.store.users(), userName, () -> IamErrors.userNotFound(userName))
                .thenApply(user -> IamShapes.wrap("User", IamShapes.user(user)));
    }

    /** The user of a caller that is one; IAM's ValidationError for a role session (and for the root here). */
    static String callerUserName(Principal caller) {
        if (caller.type() != Principal.Type.USER || caller.username() == null) {
            throw IamErrors.validation("Must specify userName when calling with non-User credentials");
        }
        return caller.username();
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String prefix = iam.fields.text(body, "PathPrefix");
        Validation validation = new Validation();
        IamNames.path(validation, "pathPrefix", prefix, IamNames.PATH_PREFIX);
        Paging paging = Paging.read(iam.fields, body, validation);
        iam.fields.check(validation);
        List<UserRecord> users = iam.store.users().all().stream()
                .filter(user -> prefix == null || user.getPath().startsWith(prefix))
                .toList();
        return paging.page(users, user -> user.getName().toLowerCase(java.util.Locale.ROOT), "Users", IamShapes::user);
    }

    /** IAM refuses while the user has access keys or policies, naming the first thing to remove. */
    CompletionStage<JsonNode> delete(AwsRequest request) {
        String name = requiredUserName(request.body());
        return iam.delete(
                        iam.store.users(),
                        name,
                        () -> IamErrors.userNotFound(name),
                        user -> {
                            if (!user.getAccessKeys().isEmpty()) {
                                throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
                            }
                            IamContext.requireNoPolicies(user.getInlinePolicies(), user.getAttachedPolicies());
                        },
                        UserRecord::getName)
                .thenApply(user -> {
                    LOG.info("Deleted IAM user {} ({})", user.getName(), user.getUserId());
                    return WireCodec.object();
                });
    }

    private String requiredUserName(JsonNode body) {
        String name = iam.fields.text(body, "UserName");
        Validation validation = new Validation().required("userName", name);
        IamNames.name(validation, "userName", name, IamNames.EXISTING_USER_NAME_MAX);
        iam.fields.check(validation);
        return name;
    }
}
