package io.millrace.iam.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceGrant;
import io.millrace.iam.crypto.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Grants a service hands to what it runs so that it can assume the role again ({@link ServiceGrant}): the role and
 * the caller as JSON, sealed with AES-256-GCM under a key of their own derived from the IAM secret key (never a
 * session token's), in URL-safe base64. Every gateway with the same key opens them without a lookup; an altered
 * grant, or one sealed under another key, does not open.
 */
public final class ServiceGrants {

    private static final byte[] ASSOCIATED_DATA = "millrace-service-grant".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box;

    public ServiceGrants(SecretBox iamSecretKey) {
        this.box = iamSecretKey.derive("millrace-iam/service-grant/v1");
    }

    public String seal(ServiceGrant grant) {
        ServiceCaller caller = grant.caller();
        String claims = JSON.createObjectNode()
                .put("r", grant.roleArn())
                .put("s", caller.servicePrincipal())
                .put("a", caller.sourceArn())
                .put("x", caller.externalId())
                .toString();
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(box.seal(claims.getBytes(StandardCharsets.UTF_8), ASSOCIATED_DATA));
    }

    public Optional<ServiceGrant> open(String sealed) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return box.open(bytes, ASSOCIATED_DATA).flatMap(ServiceGrants::grant);
    }

    private static Optional<ServiceGrant> grant(byte[] plaintext) {
        try {
            JsonNode claims = JSON.readTree(plaintext);
            return Optional.of(new ServiceGrant(
                    claims.path("r").asText(),
                    new ServiceCaller(claims.path("s").asText(), text(claims, "a"), text(claims, "x"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode claims, String member) {
        JsonNode node = claims.path(member);
        return node.isTextual() ? node.asText() : null;
    }
}
