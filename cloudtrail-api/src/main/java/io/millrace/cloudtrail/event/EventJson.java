package io.millrace.cloudtrail.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import io.millrace.schemas.cloudtrail.EventResource;
import io.millrace.schemas.cloudtrail.SessionIssuer;
import io.millrace.schemas.cloudtrail.UserIdentity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An event as CloudTrail writes it: the JSON of LookupEvents' {@code CloudTrailEvent} and of a trail's log files,
 * members in CloudTrail's names and order ({@code eventTime} to the second, {@code requestID}, {@code eventID}).
 */
public final class EventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    public static ObjectNode of(CloudTrailEvent event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("eventVersion", event.getEventVersion());
        json.set("userIdentity", userIdentity(event.getUserIdentity()));
        json.put(
                "eventTime",
                Instant.ofEpochMilli(event.getEventTimeMillis())
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        json.put("eventSource", event.getEventSource());
        json.put("eventName", event.getEventName());
        json.put("awsRegion", event.getAwsRegion());
        json.put("sourceIPAddress", event.getSourceIPAddress());
        json.put("userAgent", event.getUserAgent());
        if (event.getErrorCode() != null) {
            json.put("errorCode", event.getErrorCode());
            json.put("errorMessage", event.getErrorMessage());
        }
        json.set("requestParameters", parse(event.getRequestParameters()));
        json.set("responseElements", parse(event.getResponseElements()));
        json.put("requestID", event.getRequestId());
        json.put("eventID", event.getEventId());
        json.put("readOnly", event.getReadOnly());
        // CloudTrail's resources element names each resource by ARN: those the request named by ARN. (LookupEvents'
        // Resources list every resource by name.)
        if (event.getResources().stream().anyMatch(resource -> resource.getArn() != null)) {
            ArrayNode resources = json.putArray("resources");
            for (EventResource resource : event.getResources()) {
                if (resource.getArn() != null) {
                    resources
                            .addObject()
                            .put("accountId", event.getRecipientAccountId())
                            .put("type", resource.getType())
                            .put("ARN", resource.getArn());
                }
            }
        }
        json.put("eventType", event.getEventType());
        json.put("managementEvent", event.getManagementEvent());
        json.put("recipientAccountId", event.getRecipientAccountId());
        json.put("eventCategory", event.getEventCategory());
        if (event.getTlsDetails() != null) {
            ObjectNode tls = json.putObject("tlsDetails");
            tls.put("tlsVersion", event.getTlsDetails().getTlsVersion());
            tls.put("cipherSuite", event.getTlsDetails().getCipherSuite());
            tls.put("clientProvidedHostHeader", event.getTlsDetails().getClientProvidedHostHeader());
        }
        return json;
    }

    private static ObjectNode userIdentity(UserIdentity identity) {
        ObjectNode json = JSON.createObjectNode();
        json.put("type", identity.getType());
        putIfPresent(json, "principalId", identity.getPrincipalId());
        putIfPresent(json, "arn", identity.getArn());
        putIfPresent(json, "accountId", identity.getAccountId());
        putIfPresent(json, "accessKeyId", identity.getAccessKeyId());
        putIfPresent(json, "userName", identity.getUserName());
        if (identity.getSessionContext() != null) {
            ObjectNode context = json.putObject("sessionContext");
            SessionIssuer issuer = identity.getSessionContext().getSessionIssuer();
            if (issuer != null) {
                ObjectNode shown = context.putObject("sessionIssuer");
                shown.put("type", issuer.getType());
                shown.put("principalId", issuer.getPrincipalId());
                shown.put("arn", issuer.getArn());
                shown.put("accountId", issuer.getAccountId());
                shown.put("userName", issuer.getUserName());
            }
            context.putObject("attributes")
                    .put(
                            "mfaAuthenticated",
                            String.valueOf(identity.getSessionContext().getMfaAuthenticated()));
        }
        return json;
    }

    private static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit event holds JSON it cannot parse", e);
        }
    }
}
