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
    private final DeliveryHealth health =
            new DeliveryHealth("orders", "0", "lake", output, published::add, clock::get, 10_000);

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
                .contains(
                        "bucket lake",
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
}
