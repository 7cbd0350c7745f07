package io.millrace.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudtrail.testkit.AuditedNode;
import io.millrace.cloudtrail.testkit.AwsCliV2;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code aws cloudtrail lookup-events} (the AWS CLI v2 at /usr/bin/aws), unchanged, against a gateway in signed mode. */
class AuditedCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AuditedNode node;

    @BeforeAll
    static void start() throws Exception {
        node = AuditedNode.shared();
    }

    @Test
    void theCliLooksUpEventsAndPagesThroughThem() throws Exception {
        String prefix = "cli-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> requestIds = new ArrayList<>();
        try (KinesisClient kinesis = node.client(KinesisClient.builder(), AuditedNode.ROOT)) {
            for (int i = 0; i < 3; i++) {
                String name = prefix + "-" + i;
                requestIds.add(
                        0,
                        kinesis.createStream(b -> b.streamName(name).shardCount(1))
                                .responseMetadata()
                                .requestId());
            }
        }

        // --page-size sets MaxResults: the CLI follows NextToken from page to page. The trail is shared with the
        // module's other tests, so this test's events are those on its own streams.
        AwsCliV2.Result paged = aws(
                "lookup-events",
                "--lookup-attributes",
                "AttributeKey=EventName,AttributeValue=CreateStream",
                "--page-size",
                "1");
        assertThat(paged.exit()).as(paged.err()).isZero();
        JsonNode events = JSON.readTree(paged.out()).path("Events");
        List<String> ids = new ArrayList<>();
        for (JsonNode event : events) {
            assertThat(event.path("EventName").asText()).isEqualTo("CreateStream");
            if (!event.path("Resources").path(0).path("ResourceName").asText().startsWith(prefix)) {
                continue;
            }
            assertThat(event.path("Username").asText()).isEqualTo("root");
            assertThat(event.path("AccessKeyId").asText()).isEqualTo(AuditedNode.ROOT_KEY);
            assertThat(event.path("ReadOnly").asText()).isEqualTo("false");
            ids.add(JSON.readTree(event.path("CloudTrailEvent").asText())
                    .path("requestID")
                    .asText());
        }
        assertThat(ids).containsExactlyElementsOf(requestIds);

        AwsCliV2.Result byResource = aws(
                "lookup-events", "--lookup-attributes", "AttributeKey=ResourceName,AttributeValue=" + prefix + "-1");
        assertThat(JSON.readTree(byResource.out()).path("Events"))
                .singleElement()
                .satisfies(event -> assertThat(event.path("Resources")
                                .get(0)
                                .path("ResourceType")
                                .asText())
                        .isEqualTo("AWS::Kinesis::Stream"));

        AwsCliV2.Result tooMany = aws("lookup-events", "--max-results", "51");
        assertThat(tooMany.exit()).isNotZero();
        assertThat(tooMany.err()).contains("InvalidMaxResultsException");
    }

    private static AwsCliV2.Result aws(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("cloudtrail"));
        command.addAll(List.of(arguments));
        return AwsCliV2.run(
                node.endpoint(), AuditedNode.ROOT_KEY, AuditedNode.ROOT_SECRET, command.toArray(String[]::new));
    }
}
