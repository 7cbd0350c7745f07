package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.store.IamStore;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import java.util.List;
import java.util.Map;

/**
 * The resource each IAM action acts on, as AWS's service authorization reference for IAM lists it: the user of
 * user, access key and user policy actions (the caller's own when UserName is absent), the role of role actions
 * (attaching a policy acts on the user or role, with the policy as {@code iam:PolicyARN}), the policy of policy
 * actions; list actions of the account act on {@code *}. A name that does not exist yet resolves to
 * its ARN with the path the request gives (or {@code /}).
 */
final class IamAccess implements AccessResolver {

    private final IamStore store;
    private final String accountId;

    IamAccess(IamStore store, String accountId) {
        this.store = store;
        this.accountId = accountId;
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        JsonNode body = request.body();
        String action = "iam:" + request.action();
        String resource = resource(request.action(), body, request.caller());
        if (resource == null) {
            return null;
        }
        // Attach/Detach{User,Role}Policy act on the user or role; the policy is the condition key iam:PolicyARN.
        String policyArn =
                body.path("PolicyArn").isTextual() ? body.get("PolicyArn").asText() : null;
        return policyArn == null || resource.equals(policyArn)
                ? List.of(AccessRequest.of(action, resource))
                : List.of(new AccessRequest(action, resource, Map.of("iam:PolicyARN", List.of(policyArn))));
    }

    private String resource(String action, JsonNode body, Principal caller) {
        String path = body.path("Path").isTextual() ? body.get("Path").asText() : "/";
        if (body.path("RoleName").isTextual()) {
            String name = body.get("RoleName").asText();
            return store.roles().get(name).map(RoleRecord::getArn).orElse(IamArns.role(accountId, path, name));
        }
        String userName =
                body.path("UserName").isTextual() ? body.get("UserName").asText() : null;
        if (userName == null && caller.type() == Principal.Type.USER && isUserAction(action)) {
            userName = caller.username();
        }
        if (userName != null) {
            String name = userName;
            return store.users().get(name).map(UserRecord::getArn).orElse(IamArns.user(accountId, path, name));
        }
        if (body.path("PolicyArn").isTextual()) {
            return body.get("PolicyArn").asText();
        }
        if (action.equals("CreatePolicy") && body.path("PolicyName").isTextual()) {
            return IamArns.policy(accountId, path, body.get("PolicyName").asText());
        }
        return null;
    }

    private static boolean isUserAction(String action) {
        return action.equals("GetUser") || action.endsWith("AccessKey") || action.equals("ListAccessKeys");
    }
}
