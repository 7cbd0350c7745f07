package io.millrace.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudtrail.testkit.AuditedNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.PackageType;

/**
 * Lambda's management events as CloudTrail names them, through the real SDK: the writing actions with the API version
 * AWS appends (CreateFunction20150331, CreateEventSourceMapping20150331, ...), the reading ones under their own
 * names, and LookupEvents finding an event by its versioned name.
 */
class LambdaEventNamesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lambdaManagementEventsCarryTheirApiVersionInTheirNames() throws Exception {
        AuditedNode node = AuditedNode.shared();
        String name = "names-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> expected = new LinkedHashMap<>();
        try (LambdaClient lambda = node.client(LambdaClient.builder(), AuditedNode.ROOT);
                KinesisClient kinesis = node.client(KinesisClient.builder(), AuditedNode.ROOT)) {
            kinesis.createStream(b -> b.streamName(name).shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
            expected.put(
                    lambda.createFunction(b -> b.functionName(name)
                                    .role("arn:aws:iam::" + AuditedNode.ACCOUNT + ":role/" + name)
                                    .packageType(PackageType.IMAGE)
                                    .code(c -> c.imageUri("http://127.0.0.1:9/" + name)))
                            .responseMetadata()
                            .requestId(),
                    "CreateFunction20150331");
            expected.put(
                    lambda.getFunction(b -> b.functionName(name))
                            .responseMetadata()
                            .requestId(),
                    "GetFunction");
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn("arn:aws:kinesis:us-east-1:" + AuditedNode.ACCOUNT + ":stream/" + name)
                    .startingPosition("LATEST")
                    .enabled(false));
            expected.put(mapping.responseMetadata().requestId(), "CreateEventSourceMapping20150331");
            expected.put(
                    lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid()).batchSize(7))
                            .responseMetadata()
                            .requestId(),
                    "UpdateEventSourceMapping20150331");
            expected.put(
                    lambda.listEventSourceMappings(b -> b.functionName(name))
                            .responseMetadata()
                            .requestId(),
                    "ListEventSourceMappings");
            expected.put(
                    lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()))
                            .responseMetadata()
                            .requestId(),
                    "DeleteEventSourceMapping20150331");
            expected.put(
                    lambda.deleteFunction(b -> b.functionName(name))
                            .responseMetadata()
                            .requestId(),
                    "DeleteFunction20150331");
        }

        try (CloudTrailClient cloudTrail = node.client(CloudTrailClient.builder(), AuditedNode.ROOT)) {
            Map<String, String> recorded = new LinkedHashMap<>();
            for (Event event : lookup(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "lambda.amazonaws.com")) {
                JsonNode record = JSON.readTree(event.cloudTrailEvent());
                String requestId = record.path("requestID").asText();
                if (expected.containsKey(requestId)) {
                    assertThat(record.path("eventName").asText()).isEqualTo(event.eventName());
                    recorded.put(requestId, event.eventName());
                }
            }
            assertThat(recorded).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateFunction20150331"))
                    .extracting(Event::eventName, e -> resourceNames(e))
                    .contains(org.assertj.core.groups.Tuple.tuple("CreateFunction20150331", List.of(name)));
            assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateFunction"))
                    .noneMatch(e -> resourceNames(e).contains(name));
        }
    }

    private static List<String> resourceNames(Event event) {
        return event.resources().stream()
                .map(software.amazon.awssdk.services.cloudtrail.model.Resource::resourceName)
                .toList();
    }

    private static List<Event> lookup(CloudTrailClient cloudTrail, LookupAttributeKey key, String value) {
        List<Event> events = new ArrayList<>();
        cloudTrail
                .lookupEventsPaginator(b -> b.lookupAttributes(LookupAttribute.builder()
                        .attributeKey(key)
                        .attributeValue(value)
                        .build()))
                .forEach(page -> events.addAll(page.events()));
        return events;
    }
}
