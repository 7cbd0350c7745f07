package io.millrace.firehose.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.metrics.DeliveryMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A task's delivery health: published on every change and every interval, never per retry. */
class DeliveryHealthTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final List<HealthReport> published = new ArrayList<>();
    private final DeliveryMetrics.Output output = new DeliveryMetrics.Output();
    private final DeliveryHealth health = healthOf(DeliveryTarget.s3("lake"));

    private DeliveryHealth healthOf(DeliveryTarget target) {
        return new DeliveryHealth("orders", "0", target, output, published::add, clock::get, 10_000);
    }

    private static S3Exception noSuchBucket() {
        return (S3Exception) S3Exception.builder()
                .statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("NoSuchBucket")
                        .errorMessage("The specified bucket does not exist")
                        .build())
                .build();
    }

    @Test
    void failingAndRecoveringArePublishedOnceEachAndRetriesOnlyCount() {
        health.publishIfDue();
        assertThat(published)
                .singleElement()
                .satisfies(r -> assertThat(r.failing()).isFalse());

        clock.addAndGet(1000);
        health.failed(noSuchBucket());
        clock.addAndGet(1000);
        health.failed(noSuchBucket());
        health.publishIfDue();
        assertThat(published).hasSize(2);
        HealthReport failing = published.get(1);
        assertThat(failing.failing()).isTrue();
        assertThat(failing.failingSinceMillis()).isEqualTo(1_700_000_001_000L);
        assertThat(failing.errorType()).isEqualTo("NoSuchBucket");
        assertThat(health.report().consecutiveFailures()).isEqualTo(2);
        assertThat(DeliveryHealth.details(health.report()))
                .startsWith("Delivery to Amazon S3 bucket lake has been failing since")
                .contains(
                        "2023-11-14T22:13:21Z",
                        "NoSuchBucket: The specified bucket does not exist",
                        "2 failed attempts");

        clock.addAndGet(10_000);
        health.publishIfDue();
        assertThat(published).hasSize(3);
        output.succeeded(3, 30);
        health.succeeded();
        assertThat(published).hasSize(4);
        HealthReport recovered = published.get(3);
        assertThat(recovered.failing()).isFalse();
        assertThat(recovered.consecutiveFailures()).isZero();
        assertThat(recovered.successfulPuts()).isEqualTo(1);
        assertThat(recovered.records()).isEqualTo(3);
    }

    @Test
    void reportsTravelAsJsonAndAgeOut() throws Exception {
        health.failed(new IllegalStateException("Connection refused"));
        HealthReport report = health.report();
        HealthReport read = HealthReport.fromJson(report.toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(report);
        assertThat(read.errorType()).isEqualTo("IllegalStateException");
        assertThat(HealthReport.streamOf(HealthReport.key("a.b-c", "3"))).isEqualTo("a.b-c");
        assertThat(read.staleAt(report.updatedAtMillis() + 60_000)).isFalse();
        assertThat(read.staleAt(report.updatedAtMillis() + 60_001)).isTrue();
    }

    @Test
    void anHttpEndpointOrOpenSearchFailureNamesItsDestinationNotTheBucket() throws Exception {
        DeliveryHealth endpoint = healthOf(
                new DeliveryTarget(DeliveryTarget.HTTP_ENDPOINT, "https://collector.example.com/in", "failed-records"));
        endpoint.failed(new IllegalStateException("https://collector.example.com/in: HttpEndpoint.ResponseErrorCode"));
        HealthReport report = HealthReport.fromJson(endpoint.report().toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(report.destination()).isEqualTo("HttpEndpoint");
        assertThat(report.target()).isEqualTo("https://collector.example.com/in");
        assertThat(DeliveryHealth.details(report))
                .startsWith("Delivery to HTTP endpoint https://collector.example.com/in has been failing since")
                .contains("go to S3 bucket failed-records")
                .doesNotContain("Amazon S3 bucket");

        DeliveryHealth openSearch = healthOf(
                new DeliveryTarget(DeliveryTarget.OPENSEARCH, "https://search.example.com:9200", "failed-docs"));
        openSearch.failed(new IllegalStateException("3 documents not indexed"));
        assertThat(DeliveryHealth.details(openSearch.report()))
                .startsWith(
                        "Delivery to Amazon OpenSearch Service endpoint https://search.example.com:9200 has been failing")
                .contains("IllegalStateException: 3 documents not indexed");
    }

    @Test
    void aReportOfAnEarlierVersionWithoutDestinationIsAnS3Bucket() throws Exception {
        String earlier = "{\"stream\":\"orders\",\"task\":\"0\",\"bucket\":\"lake\",\"updatedAtMillis\":5,"
                + "\"intervalMillis\":10000,\"failingSinceMillis\":1700000000000,\"consecutiveFailures\":4,"
                + "\"errorType\":\"NoSuchBucket\",\"errorMessage\":\"gone\"}";
        HealthReport read = HealthReport.fromJson(earlier.getBytes(StandardCharsets.UTF_8));
        assertThat(read.destination()).isEqualTo(DeliveryTarget.S3);
        assertThat(read.target()).isEqualTo("lake");
        assertThat(DeliveryHealth.details(read))
                .startsWith("Delivery to Amazon S3 bucket lake has been failing since 2023-11-14T22:13:20Z")
                .contains("NoSuchBucket: gone", "4 failed attempts");
    }
}
