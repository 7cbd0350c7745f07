package io.millrace.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.auth.CallerIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslHandler;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLSession;

/**
 * What the gateway learns of one call as it serves it (the API and action, the caller, the body), gathered for the
 * audit trail, which gets it with the outcome just before the answer leaves. Filled in on the I/O thread that reads
 * the request; recorded once, from whichever thread finishes the call.
 */
final class AuditedCall {

    private static final String CREDENTIAL = "Credential=";

    private final AuditTrail trail;
    private final String requestId = UUID.randomUUID().toString();
    private final Instant time = Instant.now();
    private final String accountId;
    private final String sourceIp;
    private final String userAgent;
    private final ApiCall.Tls tls;
    private final String signedKey;
    private final boolean sessionCredentials;
    private String region;
    private String targetPrefix;
    private String action;
    private CallerIdentity identity;
    private JsonNode body;

    AuditedCall(AuditTrail trail, ChannelHandlerContext ctx, FullHttpRequest request, String region, String accountId) {
        this.trail = trail;
        this.region = region;
        this.accountId = accountId;
        Channel connection = ClientConnection.of(ctx.channel());
        this.sourceIp = ClientConnection.sourceIp(connection);
        this.userAgent = request.headers().get(HttpHeaderNames.USER_AGENT);
        SslHandler ssl = ClientConnection.tls(connection);
        if (ssl != null) {
            SSLSession session = ssl.engine().getSession();
            this.tls = new ApiCall.Tls(
                    session.getProtocol(),
                    session.getCipherSuite(),
                    request.headers().get(HttpHeaderNames.HOST));
        } else {
            this.tls = null;
        }
        this.signedKey = accessKeyOf(request);
        this.sessionCredentials = request.headers().contains("X-Amz-Security-Token")
                || request.uri().contains("X-Amz-Security-Token=");
    }

    String requestId() {
        return requestId;
    }

    void target(String targetPrefix, String action) {
        this.targetPrefix = targetPrefix;
        this.action = action;
    }

    void identity(CallerIdentity identity, String region) {
        this.identity = identity;
        this.region = region;
    }

    void body(JsonNode body) {
        this.body = body;
    }

    CompletionStage<Void> record(JsonNode response, ApiException error) {
        return trail.record(new ApiCall(
                requestId,
                time,
                targetPrefix,
                action,
                identity == null ? null : identity.service(),
                region,
                accountId,
                identity == null ? null : identity.principal(),
                identity != null && identity.accessKeyId() != null ? identity.accessKeyId() : signedKey,
                sessionCredentials,
                sourceIp,
                userAgent,
                tls,
                body,
                error == null ? response : null,
                error));
    }

    /**
     * The access key of the credential scope, read without checking anything: a refused signature is still recorded
     * under the key it claimed, as CloudTrail records a failed call.
     */
    private static String accessKeyOf(FullHttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String credential = null;
        if (authorization != null) {
            int at = authorization.indexOf(CREDENTIAL);
            credential = at < 0 ? null : authorization.substring(at + CREDENTIAL.length());
        } else {
            int at = request.uri().indexOf("X-Amz-Credential=");
            credential = at < 0 ? null : request.uri().substring(at + "X-Amz-Credential=".length());
        }
        if (credential == null) {
            return null;
        }
        int end = 0;
        while (end < credential.length() && Character.isLetterOrDigit(credential.charAt(end))) {
            end++;
        }
        return end == 0 ? null : credential.substring(0, end);
    }
}
