package io.millrace.cloudtrail.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.cloudtrail.errors.CloudTrailErrors;
import io.millrace.cloudtrail.event.EventJson;
import io.millrace.cloudtrail.event.UserIdentities;
import io.millrace.cloudtrail.log.AuditTopicReader;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import io.millrace.schemas.cloudtrail.EventResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * LookupEvents: the management events of the last 90 days, newest first, at most 50 a page, filtered by one lookup
 * attribute and a time range (CloudTrail API reference, LookupEvents).
 */
final class LookupEvents {

    private static final int MAX_RESULTS = 50;
    private static final Duration HISTORY = Duration.ofDays(90);

    private final AuditTopicReader reader;
    private final Clock clock;

    LookupEvents(AuditTopicReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    JsonNode lookup(AwsRequest request) {
        JsonNode body = request.body();
        LookupFilter filter = filter(Fields.array(body, "LookupAttributes"));
        Instant now = clock.instant();
        Instant start = Fields.timestamp(body, "StartTime", request.format());
        Instant end = Fields.timestamp(body, "EndTime", request.format());
        if (start != null && end != null && start.isAfter(end)) {
            throw CloudTrailErrors.invalidTimeRange("Start time must be before end time.");
        }
        Integer maxResults = Fields.integer(body, "MaxResults");
        if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
            throw CloudTrailErrors.invalidMaxResults("MaxResults must be between 1 and 50.");
        }
        String category = Fields.text(body, "EventCategory");
        if (category != null && !category.equals("insight")) {
            throw CloudTrailErrors.invalidEventCategory("Event category " + category + " is not valid.");
        }
        long from = (start != null ? start : now.minus(HISTORY)).toEpochMilli();
        long to = (end != null ? end : now).toEpochMilli();
        // The parameters a NextToken must come back with (the time range as given, not as defaulted).
        String asked = filter + "|" + start + "|" + end + "|" + category;
        String token = Fields.text(body, "NextToken");
        Map<Integer, Long> cursor = token == null ? null : NextTokens.decode(token, asked);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode events = answer.putArray("Events");
        if (category != null) {
            // Insights events: none are made here.
            return answer;
        }
        AuditTopicReader.Page page =
                reader.newest(from, to, cursor, filter, maxResults == null ? MAX_RESULTS : maxResults);
        page.events().forEach(event -> events.add(shape(event)));
        if (page.next() != null) {
            answer.put("NextToken", NextTokens.encode(asked, page.next()));
        }
        return answer;
    }

    private static LookupFilter filter(JsonNode attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return LookupFilter.NONE;
        }
        if (attributes.size() > 1) {
            throw CloudTrailErrors.invalidLookupAttributes("You can specify only one lookup attribute.");
        }
        JsonNode attribute = attributes.get(0);
        return LookupFilter.of(Fields.text(attribute, "AttributeKey"), Fields.text(attribute, "AttributeValue"));
    }

    private static ObjectNode shape(CloudTrailEvent event) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        shown.put("EventId", event.getEventId());
        shown.put("EventName", event.getEventName());
        shown.put("ReadOnly", String.valueOf(event.getReadOnly()));
        if (event.getUserIdentity().getAccessKeyId() != null) {
            shown.put("AccessKeyId", event.getUserIdentity().getAccessKeyId());
        }
        shown.set("EventTime", new POJONode(Instant.ofEpochMilli(event.getEventTimeMillis())));
        shown.put("EventSource", event.getEventSource());
        String username = UserIdentities.username(event.getUserIdentity());
        if (username != null) {
            shown.put("Username", username);
        }
        ArrayNode resources = shown.putArray("Resources");
        for (EventResource resource : event.getResources()) {
            resources.addObject().put("ResourceType", resource.getType()).put("ResourceName", resource.getName());
        }
        shown.put("CloudTrailEvent", EventJson.of(event).toString());
        return shown;
    }
}
