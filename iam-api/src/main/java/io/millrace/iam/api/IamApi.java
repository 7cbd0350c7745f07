package io.millrace.iam.api;

import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.QueryProtocol;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.store.IamStore;
import java.util.List;

/** The IAM API (Query protocol, version {@code 2010-05-08}, signing name {@code iam}) on the gateway. */
public final class IamApi {

    /** The registry's key; the Query protocol chooses the API by its Version, 2010-05-08. */
    public static final String TARGET_PREFIX = "AWSIdentityManagementV20100508";

    public static final String QUERY_VERSION = "2010-05-08";

    /** Actions of the API that this endpoint does not serve (yet): refused with a message that says so. */
    private static final List<String> UNSUPPORTED = List.of(
            "UpdateUser",
            "UpdateRole",
            "UpdateRoleDescription",
            "CreatePolicyVersion",
            "DeletePolicyVersion",
            "ListPolicyVersions",
            "SetDefaultPolicyVersion",
            "GetAccessKeyLastUsed",
            "CreateGroup",
            "GetGroup",
            "ListGroups",
            "DeleteGroup",
            "AddUserToGroup",
            "RemoveUserFromGroup",
            "ListGroupsForUser",
            "CreateLoginProfile",
            "CreateInstanceProfile",
            "TagUser",
            "UntagUser",
            "TagRole",
            "UntagRole",
            "TagPolicy",
            "UntagPolicy",
            "PutUserPermissionsBoundary",
            "PutRolePermissionsBoundary",
            "SimulatePrincipalPolicy",
            "SimulateCustomPolicy",
            "GetAccountAuthorizationDetails",
            "ListEntitiesForPolicy");

    private IamApi() {}

    /** Every action answers from this gateway's view or waits on the log without blocking: all start on I/O threads. */
    public static ActionRegistry actions(IamStore store, String accountId, PolicyDocumentValidator validator) {
        IamContext iam = new IamContext(store, accountId, validator);
        UserActions users = new UserActions(iam);
        AccessKeyActions keys = new AccessKeyActions(iam);
        RoleActions roles = new RoleActions(iam);
        ManagedPolicyActions policies = new ManagedPolicyActions(iam);
        PolicyHolder<?> userHolder = PolicyHolder.users(store.users());
        PolicyHolder<?> roleHolder = PolicyHolder.roles(store.roles());
        InlinePolicyActions<?> userPolicies = new InlinePolicyActions<>(iam, userHolder);
        InlinePolicyActions<?> rolePolicies = new InlinePolicyActions<>(iam, roleHolder);
        AttachedPolicyActions<?> userAttachments = new AttachedPolicyActions<>(iam, userHolder);
        AttachedPolicyActions<?> roleAttachments = new AttachedPolicyActions<>(iam, roleHolder);
        return ActionRegistry.forService(TARGET_PREFIX, "iam")
                .queryProtocol(new QueryProtocol(QUERY_VERSION, "iam", "https://iam.amazonaws.com/doc/2010-05-08/"))
                .startOnIoThread("CreateUser", users::create)
                .startOnIoThread("GetUser", users::get)
                .onIoThread("ListUsers", users::list)
                .startOnIoThread("DeleteUser", users::delete)
                .startOnIoThread("CreateAccessKey", keys::create)
                .startOnIoThread("DeleteAccessKey", keys::delete)
                .startOnIoThread("ListAccessKeys", keys::list)
                .startOnIoThread("UpdateAccessKey", keys::update)
                .startOnIoThread("CreateRole", roles::create)
                .startOnIoThread("GetRole", roles::get)
                .onIoThread("ListRoles", roles::list)
                .startOnIoThread("DeleteRole", roles::delete)
                .startOnIoThread("UpdateAssumeRolePolicy", roles::updateAssumeRolePolicy)
                .startOnIoThread("PutUserPolicy", userPolicies::put)
                .startOnIoThread("GetUserPolicy", userPolicies::get)
                .startOnIoThread("DeleteUserPolicy", userPolicies::delete)
                .startOnIoThread("ListUserPolicies", userPolicies::list)
                .startOnIoThread("PutRolePolicy", rolePolicies::put)
                .startOnIoThread("GetRolePolicy", rolePolicies::get)
                .startOnIoThread("DeleteRolePolicy", rolePolicies::delete)
                .startOnIoThread("ListRolePolicies", rolePolicies::list)
                .startOnIoThread("CreatePolicy", policies::create)
                .startOnIoThread("GetPolicy", policies::get)
                .startOnIoThread("GetPolicyVersion", policies::getVersion)
                .startOnIoThread("DeletePolicy", policies::delete)
                .onIoThread("ListPolicies", policies::list)
                .startOnIoThread("AttachUserPolicy", userAttachments::attach)
                .startOnIoThread("DetachUserPolicy", userAttachments::detach)
                .startOnIoThread("ListAttachedUserPolicies", userAttachments::list)
                .startOnIoThread("AttachRolePolicy", roleAttachments::attach)
                .startOnIoThread("DetachRolePolicy", roleAttachments::detach)
                .startOnIoThread("ListAttachedRolePolicies", roleAttachments::list)
                .access(new IamAccess(store, accountId))
                .unsupported(UNSUPPORTED)
                .build();
    }
}
