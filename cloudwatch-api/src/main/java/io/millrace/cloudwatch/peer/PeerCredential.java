package io.millrace.cloudwatch.peer;

import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import java.util.Optional;

/**
 * The key gateways sign their peer reads with: one access key id, the shared secret of
 * {@code millrace.cloudwatch.peer-key}, and a principal of its own that no IAM role can be (its role name is not a
 * valid one), so no identity policy applies to it: the key opens the peer actions, whose own check admits it.
 */
public final class PeerCredential {

    static final String ACCESS_KEY_ID = "MILLRACECLOUDWATCHPEER";

    private final SigningCredential credential;

    public PeerCredential(String secret, String accountId) {
        // '#' is no character of an IAM role name: no role a user creates can lend this principal its policies.
        String role = "arn:aws:iam::" + accountId + ":role/#millrace-gateway";
        Principal principal = new Principal(
                "arn:aws:sts::" + accountId + ":assumed-role/#millrace-gateway/cloudwatch-peer",
                role,
                accountId,
                "AROAMILLRACEGATEWAY:cloudwatch-peer",
                null,
                Principal.Type.ASSUMED_ROLE);
        this.credential = SigningCredential.longTerm(ACCESS_KEY_ID, secret, principal);
    }

    /** The directory that makes this key known to the gateway's SigV4 check. */
    public KeyDirectory directory() {
        return (accessKeyId, sessionToken) ->
                ACCESS_KEY_ID.equals(accessKeyId) ? Optional.of(credential) : Optional.empty();
    }

    String secret() {
        return credential.secretAccessKey();
    }

    /** The peer key's principal, or the account's root (who may read every metric anyway). */
    boolean mayRead(Principal caller) {
        return caller.type() == Principal.Type.ROOT
                || caller.arn().equals(credential.principal().arn());
    }
}
