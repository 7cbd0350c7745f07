package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamNames;
import io.millrace.iam.identity.IamQuotas;
import io.millrace.iam.query.QueryFields;
import io.millrace.iam.store.Entities;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A kind of identity that has policies, users or roles, as the inline and attached policy actions see it: the
 * member that names it, its quotas, and how its policies are read and replaced in its record.
 */
record PolicyHolder<V>(
        String kind,
        String nameMember,
        int nameMax,
        Entities<V> entities,
        Function<V, String> name,
        Function<V, Map<String, String>> inlinePolicies,
        BiFunction<V, Map<String, String>, V> withInlinePolicies,
        int inlinePoliciesSize,
        Function<V, List<String>> attachedPolicies,
        BiFunction<V, List<String>, V> withAttachedPolicies,
        String attachedQuotaName,
        int attachedQuota) {

    /** The member naming the identity, required, with its violations added to {@code validation}. */
    String readName(QueryFields fields, JsonNode body, Validation validation) {
        String value = fields.text(body, nameMember);
        String path = QueryFields.lowerCamel(nameMember);
        validation.required(path, value);
        IamNames.name(validation, path, value, nameMax);
        return value;
    }

    ApiException notFound(String entityName) {
        return kind.equals("user") ? IamErrors.userNotFound(entityName) : IamErrors.roleNotFound(entityName);
    }

    static PolicyHolder<UserRecord> users(Entities<UserRecord> users) {
        return new PolicyHolder<>(
                "user",
                "UserName",
                IamNames.EXISTING_USER_NAME_MAX,
                users,
                UserRecord::getName,
                UserRecord::getInlinePolicies,
                (user, policies) ->
                        UserRecord.newBuilder(user).setInlinePolicies(policies).build(),
                IamQuotas.USER_INLINE_POLICIES_SIZE,
                UserRecord::getAttachedPolicies,
                (user, arns) ->
                        UserRecord.newBuilder(user).setAttachedPolicies(arns).build(),
                "PoliciesPerUser",
                IamQuotas.POLICIES_PER_USER);
    }

    static PolicyHolder<RoleRecord> roles(Entities<RoleRecord> roles) {
        return new PolicyHolder<>(
                "role",
                "RoleName",
                IamNames.ROLE_NAME_MAX,
                roles,
                RoleRecord::getName,
                RoleRecord::getInlinePolicies,
                (role, policies) ->
                        RoleRecord.newBuilder(role).setInlinePolicies(policies).build(),
                IamQuotas.ROLE_INLINE_POLICIES_SIZE,
                RoleRecord::getAttachedPolicies,
                (role, arns) ->
                        RoleRecord.newBuilder(role).setAttachedPolicies(arns).build(),
                "PoliciesPerRole",
                IamQuotas.POLICIES_PER_ROLE);
    }
}
