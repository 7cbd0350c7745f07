package io.millrace.cloudtrail.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import io.millrace.schemas.cloudtrail.EventResource;
import io.millrace.schemas.cloudtrail.TlsDetails;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a call the gateway answered into the CloudTrail event that records it (CloudTrail record contents): one
 * event per call, a management event always, a data event only when data events are recorded.
 */
public final class CloudTrailEvents {

    /** The record format CloudTrail documents, and whose fields these events carry. */
    public static final String EVENT_VERSION = "1.09";

    public static final String MANAGEMENT = "Management";
    public static final String DATA = "Data";

    /**
     * The largest requestParameters or responseElements kept, in UTF-8 bytes of their JSON: CloudTrail documents 100
     * KB for them, and "truncates a field if the field's contents exceeds the maximum field size. If a field is
     * truncated, omitted is present with a value of true"
     * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
     * Without a bound, an oversize request would make an event Kafka refuses, and its caller a 500.
     */
    static final int MAX_FIELD_BYTES = 100 * 1024;

    /** An error message (which may quote a value of the request) is cut to this many characters. */
    static final int MAX_ERROR_MESSAGE_CHARS = 1024;

    /** ARNs are at most 2,048 characters; a longer "resource name" is no resource and is not listed. */
    private static final int MAX_RESOURCE_CHARS = 2048;

    private final boolean dataEvents;

    public CloudTrailEvents(boolean dataEvents) {
        this.dataEvents = dataEvents;
    }

    /** The event of {@code call}; empty for a data event when data events are not recorded. */
    public Optional<CloudTrailEvent> of(ApiCall call) {
        EventSource source = EventSource.of(call.targetPrefix(), call.signingService());
        boolean data = source.isDataEvent(call.action());
        if (data && !dataEvents) {
            return Optional.empty();
        }
        boolean readOnly = ReadOnlyActions.isReadOnly(call.action());
        ObjectNode request = EventParameters.of(call.request());
        // CloudTrail leaves responseElements null for read-only calls and failures.
        ObjectNode response = readOnly || call.error() != null ? null : EventParameters.of(call.response());
        return Optional.of(CloudTrailEvent.newBuilder()
                .setEventVersion(EVENT_VERSION)
                .setEventId(UUID.randomUUID().toString())
                .setEventTimeMillis(call.time().toEpochMilli())
                .setEventSource(source.eventSource())
                .setEventName(source.eventName(call.action()))
                .setAwsRegion(call.region())
                .setSourceIPAddress(call.sourceIp())
                .setUserAgent(call.userAgent())
                .setUserIdentity(UserIdentities.of(call.caller(), call.accessKeyId(), call.sessionCredentials()))
                .setRequestParameters(bounded(request))
                .setResponseElements(bounded(response))
                .setErrorCode(call.error() == null ? null : call.error().type())
                .setErrorMessage(
                        call.error() == null ? null : errorMessage(call.error().getMessage()))
                .setRequestId(call.requestId())
                .setReadOnly(readOnly)
                .setResources(resources(source, call.request()))
                .setEventType("AwsApiCall")
                .setManagementEvent(!data)
                .setEventCategory(data ? DATA : MANAGEMENT)
                .setRecipientAccountId(call.accountId())
                .setTlsDetails(
                        call.tls() == null
                                ? null
                                : TlsDetails.newBuilder()
                                        .setTlsVersion(call.tls().tlsVersion())
                                        .setCipherSuite(call.tls().cipherSuite())
                                        .setClientProvidedHostHeader(call.tls().clientProvidedHostHeader())
                                        .build())
                .build());
    }

    /** The JSON of a request or answer, or {@code {"omitted":true}} past {@link #MAX_FIELD_BYTES}, as CloudTrail. */
    static String bounded(ObjectNode tree) {
        if (tree == null) {
            return null;
        }
        String json = tree.toString();
        // A char is at most 3 UTF-8 bytes: only long texts need counting.
        if (json.length() * 3L > MAX_FIELD_BYTES && json.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_BYTES) {
            return OMITTED;
        }
        return json;
    }

    private static final String OMITTED = "{\"omitted\":true}";

    private static String errorMessage(String message) {
        return message == null || message.length() <= MAX_ERROR_MESSAGE_CHARS
                ? message
                : message.substring(0, MAX_ERROR_MESSAGE_CHARS) + "...";
    }

    /** The resources the request names, each by name (an ARN's last part) and ARN when it gave one. */
    private static List<EventResource> resources(EventSource source, JsonNode request) {
        List<EventResource> resources = new ArrayList<>();
        if (request == null || !request.isObject()) {
            return resources;
        }
        for (EventSource.ResourceMember member : source.resourceMembers()) {
            JsonNode value = request.get(member.member());
            if (value == null
                    || !value.isTextual()
                    || value.asText().isEmpty()
                    || value.asText().length() > MAX_RESOURCE_CHARS) {
                continue;
            }
            String text = value.asText();
            boolean arn = text.startsWith("arn:");
            resources.add(EventResource.newBuilder()
                    .setType(member.type())
                    .setName(arn ? text.substring(text.lastIndexOf('/') + 1) : text)
                    .setArn(arn ? text : null)
                    .build());
        }
        return resources;
    }
}
