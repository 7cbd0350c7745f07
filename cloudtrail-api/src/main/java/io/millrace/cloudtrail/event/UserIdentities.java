package io.millrace.cloudtrail.event;

import io.millrace.gateway.access.Principal;
import io.millrace.schemas.cloudtrail.SessionContext;
import io.millrace.schemas.cloudtrail.SessionIssuer;
import io.millrace.schemas.cloudtrail.UserIdentity;

/**
 * The {@code userIdentity} of an event, from the authenticated principal, as CloudTrail's userIdentity element
 * describes it: {@code Root}, {@code IAMUser} (with a session context when it used temporary credentials) or
 * {@code AssumedRole} (whose session issuer is the role); {@code Unknown} with only the claimed access key when the
 * signature was refused.
 */
public final class UserIdentities {

    private UserIdentities() {}

    static UserIdentity of(Principal caller, String accessKeyId, boolean sessionCredentials) {
        UserIdentity.Builder identity = UserIdentity.newBuilder().setAccessKeyId(accessKeyId);
        if (caller == null) {
            return identity.setType("Unknown").build();
        }
        identity.setPrincipalId(caller.userId()).setArn(caller.arn()).setAccountId(caller.accountId());
        switch (caller.type()) {
            case ROOT -> identity.setType("Root");
            case USER -> {
                identity.setType("IAMUser").setUserName(caller.username());
                if (sessionCredentials) {
                    identity.setSessionContext(SessionContext.newBuilder().build());
                }
            }
            case ASSUMED_ROLE -> {
                String roleArn = caller.principalArn();
                int colon = caller.userId().indexOf(':');
                identity.setType("AssumedRole")
                        .setSessionContext(SessionContext.newBuilder()
                                .setSessionIssuer(SessionIssuer.newBuilder()
                                        .setType("Role")
                                        .setPrincipalId(
                                                colon < 0
                                                        ? caller.userId()
                                                        : caller.userId().substring(0, colon))
                                        .setArn(roleArn)
                                        .setAccountId(caller.accountId())
                                        .setUserName(roleArn.substring(roleArn.lastIndexOf('/') + 1))
                                        .build())
                                .build());
            }
        }
        return identity.build();
    }

    /**
     * What LookupEvents calls the {@code Username}: the user's name, {@code root}, or a role session's name (the
     * part of the principal id after the colon), as the CloudTrail console shows it.
     */
    public static String username(UserIdentity identity) {
        return switch (identity.getType()) {
            case "IAMUser" -> identity.getUserName();
            case "Root" -> "root";
            case "AssumedRole" -> {
                String principalId = identity.getPrincipalId();
                int colon = principalId == null ? -1 : principalId.indexOf(':');
                yield colon < 0 ? principalId : principalId.substring(colon + 1);
            }
            default -> null;
        };
    }
}
