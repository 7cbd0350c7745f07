package io.millrace.iam.sts;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.QueryProtocol;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.store.IamStore;
import java.util.List;

/** The STS API (Query protocol, version {@code 2011-06-15}, signing name {@code sts}) on the gateway. */
public final class StsApi {

    /** The registry's key; the Query protocol chooses the API by its Version, 2011-06-15. */
    public static final String TARGET_PREFIX = "AWSSecurityTokenServiceV20110615";

    public static final String QUERY_VERSION = "2011-06-15";

    private static final List<String> UNSUPPORTED = List.of(
            "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity",
            "AssumeRoot",
            "DecodeAuthorizationMessage",
            "GetAccessKeyInfo",
            "GetDelegatedAccessToken",
            "GetFederationToken",
            "GetWebIdentityToken");

    private StsApi() {}

    public static ActionRegistry actions(
            IamStore store, SessionTokens tokens, TrustPolicyCheck trust, PolicyDocumentValidator validator) {
        StsActions sts = new StsActions(store, tokens, trust, validator);
        return ActionRegistry.forService(TARGET_PREFIX, "sts")
                .queryProtocol(new QueryProtocol(QUERY_VERSION, "sts", "https://sts.amazonaws.com/doc/2011-06-15/"))
                .onIoThread("GetCallerIdentity", sts::getCallerIdentity)
                .startOnIoThread("AssumeRole", sts::assumeRole)
                .onIoThread("GetSessionToken", sts::getSessionToken)
                // GetCallerIdentity needs no permission ("No permissions are required to perform this operation");
                // AssumeRole needs sts:AssumeRole on the role.
                .access(request -> switch (request.action()) {
                    case "GetCallerIdentity" -> List.of();
                    case "AssumeRole" ->
                        request.body().path("RoleArn").isTextual()
                                ? List.of(AccessRequest.of(
                                        "sts:AssumeRole",
                                        request.body().get("RoleArn").asText()))
                                : null;
                    default -> null;
                })
                .unsupported(UNSUPPORTED)
                .build();
    }
}
