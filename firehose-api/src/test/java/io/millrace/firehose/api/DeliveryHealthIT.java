package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamFailureType;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * A delivery stream whose bucket disappears says so where users look: DescribeDeliveryStream (through the SDK's
 * FirehoseClient) stays ACTIVE with a FailureDescription naming the S3 error and the bucket, and the gateway's
 * {@code GET /metrics} counts the failed PUTs; once the bucket is back, the description clears and every record put
 * meanwhile is delivered.
 */
class DeliveryHealthIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aStreamThatCannotDeliverSaysSoAndRecovers() throws Exception {
        TestStack stack = TestStack.get();
        FirehoseTestGateway gateway = FirehoseTestGateway.shared();
        FirehoseClient client = gateway.client();
        String name = TestStack.unique("health");
        String bucket = TestStack.unique("health-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("before;"))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !stack.keys(bucket, "").isEmpty());
        assertThat(Streams.describe(client, name).failureDescription()).isNull();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> metric(gateway, "delivery_to_s3_successful_puts_total", name) >= 1);

        // The bucket is gone: every PUT fails with NoSuchBucket.
        stack.keys(bucket, "")
                .forEach(key -> stack.s3().deleteObject(b -> b.bucket(bucket).key(key)));
        stack.s3().deleteBucket(b -> b.bucket(bucket));
        List<Record> during = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            during.add(Record.builder()
                    .data(SdkBytes.fromUtf8String("during-" + i + ";"))
                    .build());
        }
        client.putRecordBatch(r -> r.deliveryStreamName(name).records(during));

        DeliveryStreamDescription failing = awaitFailing(client, name);
        assertThat(failing.failureDescription().details())
                .contains(bucket)
                .contains("NoSuchBucket")
                .contains("failing since");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric(gateway, "delivery_to_s3_failed_puts_total", name))
                    .isPositive();
            assertThat(metric(gateway, "delivery_to_s3_consecutive_failures", name))
                    .isPositive();
            assertThat(metric(gateway, "delivery_to_s3_success", name)).isLessThan(1.0);
        });

        // The bucket is back: the retries deliver every record put meanwhile, and the failure clears.
        stack.createBucket(bucket);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Streams.describe(client, name).failureDescription() == null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String all = new String(
                    TestStack.concat(stack.keys(bucket, "").stream()
                            .map(key -> stack.get(bucket, key))
                            .toList()),
                    StandardCharsets.UTF_8);
            for (int i = 0; i < 10; i++) {
                assertThat(all).contains("during-" + i + ";");
            }
        });
        assertThat(stack.keys(bucket, "")).noneMatch(key -> key.startsWith("_millrace"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(metric(gateway, "delivery_to_s3_consecutive_failures", name))
                        .isZero());
        client.deleteDeliveryStream(r -> r.deliveryStreamName(name));
    }

    @Test
    void anHttpEndpointThatFailsIsNamedInTheFailureDescriptionNotItsBackupBucket() throws Exception {
        TestStack stack = TestStack.get();
        FirehoseClient client = FirehoseTestGateway.shared().client();
        String name = TestStack.unique("health-http");
        String bucket = TestStack.unique("health-http");
        stack.createBucket(bucket);
        try (TestEndpoint endpoint = new TestEndpoint(Integer.MAX_VALUE)) {
            client.createDeliveryStream(r -> r.deliveryStreamName(name)
                    .deliveryStreamType("DirectPut")
                    .httpEndpointDestinationConfiguration(d -> d.endpointConfiguration(
                                    e -> e.url(endpoint.url()).name("collector"))
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                            .retryOptions(o -> o.durationInSeconds(600))
                            .s3Configuration(s3 -> s3.roleARN(Streams.ROLE)
                                    .bucketARN("arn:aws:s3:::" + bucket)
                                    .errorOutputPrefix("failed/"))));
            try {
                Streams.awaitActive(client, name);
                client.putRecord(
                        r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("refused;"))));
                DeliveryStreamDescription failing = awaitFailing(client, name);
                assertThat(failing.failureDescription().details())
                        .startsWith("Delivery to HTTP endpoint " + endpoint.url() + " has been failing since")
                        .contains("500")
                        .contains("go to S3 bucket " + bucket)
                        .doesNotContain("Amazon S3 bucket");
            } finally {
                client.deleteDeliveryStream(r -> r.deliveryStreamName(name));
            }
        }
    }

    /**
     * The stream once it reports a failure: still ACTIVE, Type UNKNOWN_ERROR (DeliveryStreamFailureType has no member
     * for S3, an endpoint's answers or OpenSearch; its others are KMS, VPC and ENI failures).
     */
    private static DeliveryStreamDescription awaitFailing(FirehoseClient client, String name) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Streams.describe(client, name).failureDescription() != null);
        DeliveryStreamDescription failing = Streams.describe(client, name);
        assertThat(failing.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
        assertThat(failing.failureDescription().type()).isEqualTo(DeliveryStreamFailureType.UNKNOWN_ERROR);
        return failing;
    }

    /** A series of the gateway's GET /metrics for one delivery stream; -1 when it is absent. */
    private static double metric(FirehoseTestGateway gateway, String series, String stream) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^millrace_firehose_stream_" + Pattern.quote(series) + "\\{stream=\""
                        + Pattern.quote(stream) + "\"} (\\S+)$")
                .matcher(response.body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
