package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.it.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.HttpEndpointCommonAttribute;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * HttpEndpointDestinationConfiguration from the SDK's FirehoseClient and the AWS CLI v2 to an HTTP endpoint of the
 * test's own: AWS's request format, failed records in the S3 backup after the retry duration, a recovering endpoint.
 */
class HttpEndpointDeliveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestStack stack = TestStack.get();
    private final FirehoseClient client = FirehoseTestGateway.shared().client();

    private static CreateDeliveryStreamRequest httpStream(
            String name, String bucket, Consumer<HttpEndpointDestinationConfiguration.Builder> more) {
        return CreateDeliveryStreamRequest.builder()
                .deliveryStreamName(name)
                .deliveryStreamType("DirectPut")
                .httpEndpointDestinationConfiguration(d -> {
                    d.bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                            .s3Configuration(s -> s.roleARN(Streams.ROLE)
                                    .bucketARN("arn:aws:s3:::" + bucket)
                                    .prefix("backup/")
                                    .errorOutputPrefix("failed/"));
                    more.accept(d);
                })
                .build();
    }

    private void put(String stream, String... records) {
        List<Record> batch = new ArrayList<>();
        for (String r : records) {
            batch.add(Record.builder()
                    .data(SdkBytes.fromString(r, StandardCharsets.UTF_8))
                    .build());
        }
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName(stream).records(batch))
                        .failedPutCount())
                .isZero();
    }

    @Test
    void recordsArriveInAwsFormatGzippedWithAccessKeyAndCommonAttributes() throws Exception {
        String stream = TestStack.unique("http");
        String bucket = TestStack.unique("http");
        stack.createBucket(bucket);
        try (TestEndpoint endpoint = new TestEndpoint(0)) {
            client.createDeliveryStream(httpStream(
                    stream,
                    bucket,
                    d -> d.endpointConfiguration(
                                    e -> e.url(endpoint.url()).name("receiver").accessKey("the-access-key"))
                            .requestConfiguration(r -> r.contentEncoding("GZIP")
                                    .commonAttributes(HttpEndpointCommonAttribute.builder()
                                            .attributeName("team")
                                            .attributeValue("data")
                                            .build()))
                            .retryOptions(o -> o.durationInSeconds(60))
                            .s3BackupMode("AllData")));
            Streams.awaitActive(client, stream);
            HttpEndpointDestinationDescription described =
                    Streams.describe(client, stream).destinations().get(0).httpEndpointDestinationDescription();
            assertThat(described.endpointConfiguration().url()).isEqualTo(endpoint.url());
            assertThat(described.endpointConfiguration().name()).isEqualTo("receiver");
            assertThat(described.s3BackupModeAsString()).isEqualTo("AllData");
            assertThat(described.retryOptions().durationInSeconds()).isEqualTo(60);
            assertThat(described.s3DestinationDescription().bucketARN()).isEqualTo("arn:aws:s3:::" + bucket);
            // AWS never returns the access key.
            String raw = describeJson(stream);
            assertThat(raw).doesNotContain("the-access-key").doesNotContain("AccessKey");

            put(stream, "alpha", "beta", "gamma");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> endpoint.delivered().size() >= 3);
            assertThat(endpoint.delivered()).containsExactly("alpha", "beta", "gamma");
            TestEndpoint.Request request = endpoint.requests().get(0);
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(request.header("X-Amz-Firehose-Access-Key")).isEqualTo("the-access-key");
            assertThat(request.header("X-Amz-Firehose-Request-Id"))
                    .isEqualTo(request.body().path("requestId").asText())
                    .matches("[0-9a-f-]{36}");
            assertThat(request.header("X-Amz-Firehose-Source-Arn")).endsWith(":deliverystream/" + stream);
            assertThat(JSON.readTree(request.header("X-Amz-Firehose-Common-Attributes")))
                    .isEqualTo(JSON.readTree("{\"commonAttributes\":{\"team\":\"data\"}}"));
            assertThat(request.body().path("timestamp").isIntegralNumber()).isTrue();
            // AllData: every source record is in the S3 backup too.
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> text(bucket, "backup/").length() == "alphabetagamma".length());
        } finally {
            deleteIfCreated(stream);
        }
    }

    @Test
    void anEndpointThatKeepsFailingSendsTheRecordsToTheS3BackupAfterTheRetryDuration() throws Exception {
        String stream = TestStack.unique("httpfail");
        String bucket = TestStack.unique("httpfail");
        stack.createBucket(bucket);
        try (TestEndpoint endpoint = new TestEndpoint(Integer.MAX_VALUE)) {
            client.createDeliveryStream(httpStream(
                    stream,
                    bucket,
                    d -> d.endpointConfiguration(e -> e.url(endpoint.url()).name("down"))
                            .retryOptions(o -> o.durationInSeconds(2))));
            Streams.awaitActive(client, stream);
            long before = System.currentTimeMillis();
            put(stream, "lost-1", "lost-2");
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            !stack.keys(bucket, "failed/http-endpoint-failed/").isEmpty());
            List<JsonNode> envelopes = new ArrayList<>();
            for (String line : text(bucket, "failed/http-endpoint-failed/").split("\n")) {
                envelopes.add(JSON.readTree(line));
            }
            assertThat(envelopes).hasSize(2);
            JsonNode first = envelopes.get(0);
            assertThat(new String(
                            Base64.getDecoder().decode(first.path("rawData").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("lost-1");
            assertThat(first.path("errorCode").asText()).isEqualTo("HttpEndpoint.DestinationException");
            assertThat(first.path("errorMessage").asText()).contains("500");
            assertThat(first.path("EndpointUrl").asText()).isEqualTo(endpoint.url());
            assertThat(first.path("EndpointName").asText()).isEqualTo("down");
            assertThat(first.path("attemptsMade").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(first.path("attemptEndingTimestamp").asLong()
                            - first.path("arrivalTimestamp").asLong())
                    .isGreaterThanOrEqualTo(2000);
            assertThat(first.path("arrivalTimestamp").asLong()).isGreaterThanOrEqualTo(before - 1000);
            // Every attempt of the request carried the same id.
            assertThat(endpoint.requests().stream()
                            .map(r -> r.header("X-Amz-Firehose-Request-Id"))
                            .distinct())
                    .hasSize(1);
            // FailedDataOnly: nothing else is backed up.
            assertThat(stack.keys(bucket, "backup/")).isEmpty();
        } finally {
            deleteIfCreated(stream);
        }
    }

    @Test
    void anEndpointThatRecoversGetsTheRecordsAndTheAwsCliCreatesSuchStreams() throws Exception {
        String stream = TestStack.unique("httpcli");
        String bucket = TestStack.unique("httpcli");
        stack.createBucket(bucket);
        try (TestEndpoint endpoint = new TestEndpoint(2)) {
            String destination = "{\"EndpointConfiguration\":{\"Url\":\"" + endpoint.url() + "\",\"Name\":\"cli\"},"
                    + "\"BufferingHints\":{\"SizeInMBs\":1,\"IntervalInSeconds\":60},"
                    + "\"RetryOptions\":{\"DurationInSeconds\":120},"
                    + "\"S3Configuration\":{\"RoleARN\":\"" + Streams.ROLE + "\",\"BucketARN\":\"arn:aws:s3:::"
                    + bucket + "\",\"ErrorOutputPrefix\":\"failed/\"}}";
            Cli created = cli(
                    "create-delivery-stream",
                    "--delivery-stream-name",
                    stream,
                    "--http-endpoint-destination-configuration",
                    destination);
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(JSON.readTree(created.out()).path("DeliveryStreamARN").asText())
                    .endsWith(":deliverystream/" + stream);
            // The CLI's own model asks for at least 60 s (the API's minimum is 0): UpdateDestination lowers it.
            var active = Streams.awaitActive(client, stream);
            client.updateDestination(u -> u.deliveryStreamName(stream)
                    .currentDeliveryStreamVersionId(active.versionId())
                    .destinationId(active.destinations().get(0).destinationId())
                    .httpEndpointDestinationUpdate(
                            h -> h.bufferingHints(b -> b.sizeInMBs(1).intervalInSeconds(0))));
            HttpEndpointDestinationDescription updated =
                    Streams.describe(client, stream).destinations().get(0).httpEndpointDestinationDescription();
            assertThat(updated.bufferingHints().intervalInSeconds()).isZero();
            assertThat(updated.endpointConfiguration().name()).isEqualTo("cli");
            Cli putRecord = cli(
                    "put-record",
                    "--delivery-stream-name",
                    stream,
                    "--record",
                    "{\"Data\":\"" + Base64.getEncoder().encodeToString("from-cli".getBytes(StandardCharsets.UTF_8))
                            + "\"}");
            assertThat(putRecord.exit()).as(putRecord.err()).isZero();
            await().atMost(Duration.ofSeconds(45))
                    .until(() -> endpoint.delivered().contains("from-cli"));
            assertThat(endpoint.requests()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(endpoint.requests().stream()
                            .map(r -> r.header("X-Amz-Firehose-Request-Id"))
                            .distinct())
                    .hasSize(1);
            assertThat(endpoint.requests().get(0).header("Content-Encoding")).isNull();
            assertThat(stack.keys(bucket, "failed/")).isEmpty();
        } finally {
            deleteIfCreated(stream);
        }
    }

    @Test
    void badConfigurationsAreRefusedAsAwsRefusesThem() {
        String stream = TestStack.unique("httpbad");
        String local = "http://127.0.0.1:9/x";
        assertThatThrownBy(() -> client.createDeliveryStream(
                        httpStream(stream, "b", d -> d.endpointConfiguration(e -> e.url("http://example.com/in")))))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("Value at 'httpEndpointDestinationConfiguration.endpointConfiguration.url'")
                .hasMessageContaining("Member must satisfy regular expression pattern: https://.*")
                .hasMessageNotContaining("example.com");
        assertThatThrownBy(() -> client.createDeliveryStream(httpStream(
                        stream,
                        "b",
                        d -> d.endpointConfiguration(e -> e.url(local))
                                .bufferingHints(h -> h.sizeInMBs(65).intervalInSeconds(60)))))
                .hasMessageContaining("'httpEndpointDestinationConfiguration.bufferingHints.sizeInMBs'")
                .hasMessageContaining("less than or equal to 64");
        assertThatThrownBy(() -> client.createDeliveryStream(httpStream(
                        stream,
                        "b",
                        d -> d.endpointConfiguration(e -> e.url(local)).retryOptions(o -> o.durationInSeconds(7201)))))
                .hasMessageContaining("less than or equal to 7200");
        assertThatThrownBy(() -> client.createDeliveryStream(httpStream(
                        stream,
                        "b",
                        d -> d.endpointConfiguration(e -> e.url(local))
                                .requestConfiguration(r -> r.contentEncoding("BROTLI")))))
                .hasMessageContaining("Member must satisfy enum value set: [NONE, GZIP]");
        assertThatThrownBy(() -> client.createDeliveryStream(CreateDeliveryStreamRequest.builder()
                        .deliveryStreamName(stream)
                        .httpEndpointDestinationConfiguration(d -> d.endpointConfiguration(e -> e.url(local)))
                        .build()))
                .hasMessageContaining("Value null at 'httpEndpointDestinationConfiguration.s3Configuration'");
        assertThatThrownBy(() -> client.createDeliveryStream(CreateDeliveryStreamRequest.builder()
                        .deliveryStreamName(stream)
                        .httpEndpointDestinationConfiguration(d -> d.endpointConfiguration(e -> e.url(local))
                                .s3Configuration(s -> s.roleARN(Streams.ROLE).bucketARN("arn:aws:s3:::b")))
                        .extendedS3DestinationConfiguration(
                                d -> d.roleARN(Streams.ROLE).bucketARN("arn:aws:s3:::b"))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Only one destination configuration");
        assertThatThrownBy(() -> client.createDeliveryStream(CreateDeliveryStreamRequest.builder()
                        .deliveryStreamName(stream)
                        .splunkDestinationConfiguration(d -> d.hecEndpoint("https://splunk"))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("HttpEndpointDestinationConfiguration");
    }

    /** Deleted in finally: a failed create must not hide the failure behind a ResourceNotFoundException. */
    private void deleteIfCreated(String stream) {
        try {
            client.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
        } catch (ResourceNotFoundException e) {
            // Never created.
        }
    }

    private String describeJson(String stream) throws Exception {
        Cli described = cli("describe-delivery-stream", "--delivery-stream-name", stream);
        assertThat(described.exit()).as(described.err()).isZero();
        return described.out();
    }

    private String text(String bucket, String prefix) {
        StringBuilder b = new StringBuilder();
        stack.keys(bucket, prefix).forEach(k -> b.append(new String(stack.get(bucket, k), StandardCharsets.UTF_8)));
        return b.toString();
    }

    private record Cli(int exit, String out, String err) {}

    /** The AWS CLI v2 at /usr/bin/aws against the gateway, with dummy credentials and no profile of this machine. */
    private static Cli cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "firehose"));
        command.addAll(List.of(arguments));
        command.addAll(List.of(
                "--endpoint-url",
                "http://127.0.0.1:" + FirehoseTestGateway.shared().port(),
                "--region",
                "us-east-1",
                "--output",
                "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIACLIENTDUMMY00001");
        env.put("AWS_SECRET_ACCESS_KEY", "dummy-secret");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
