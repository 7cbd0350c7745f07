package io.millrace.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudtrail.testkit.AuditedNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code aws cloudtrail lookup-events} (the AWS CLI v2 at /usr/bin/aws), unchanged, against a gateway in signed mode. */
class AuditedCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AuditedNode node;

    private record Result(int exit, String out, String err) {}

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
        Result paged = aws(
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

        Result byResource = aws(
                "lookup-events", "--lookup-attributes", "AttributeKey=ResourceName,AttributeValue=" + prefix + "-1");
        assertThat(JSON.readTree(byResource.out()).path("Events"))
                .singleElement()
                .satisfies(event -> assertThat(event.path("Resources")
                                .get(0)
                                .path("ResourceType")
                                .asText())
                        .isEqualTo("AWS::Kinesis::Stream"));

        Result tooMany = aws("lookup-events", "--max-results", "51");
        assertThat(tooMany.exit()).isNotZero();
        assertThat(tooMany.err()).contains("InvalidMaxResultsException");
    }

    private static Result aws(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "cloudtrail"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", node.endpoint().toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", AuditedNode.ROOT_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AuditedNode.ROOT_SECRET);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = Files.createTempFile("cloudtrail-cli", ".out");
        Path err = Files.createTempFile("cloudtrail-cli", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
