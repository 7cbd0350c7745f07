package io.millrace.firehose.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.metrics.MetricSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The samples of one interval, per metric group a delivery stream has; the schedule itself is not run here. */
class DeliveryMetricsPublisherTest {

    private final DeliveryMetrics metrics = new DeliveryMetrics("orders", "0");
    private final List<MetricSample> published = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void unregister() {
        metrics.close();
    }

    private DeliveryMetricsPublisher publisher(DeliveryMetricsPublisher.Outputs outputs) {
        // An interval no test waits for: each test publishes by hand.
        return new DeliveryMetricsPublisher("orders", outputs, metrics, published::addAll, clock, Duration.ofHours(1));
    }

    private Map<String, MetricSample> byName() {
        return published.stream().collect(Collectors.toMap(MetricSample::metricName, Function.identity()));
    }

    @Test
    void aKinesisSourcePublishesWhatWasReadInTheInterval() {
        try (DeliveryMetricsPublisher publisher =
                publisher(new DeliveryMetricsPublisher.Outputs("DeliveryToS3", false, true, false))) {
            metrics.kinesisReads().read(100);
            metrics.kinesisReads().read(20);
            metrics.kinesisReads().read(0);
            publisher.publish();
            Map<String, MetricSample> samples = byName();
            assertThat(samples.get("DataReadFromKinesisStream.Records").sum()).isEqualTo(3.0);
            assertThat(samples.get("DataReadFromKinesisStream.Records").unit()).isEqualTo("Count");
            assertThat(samples.get("DataReadFromKinesisStream.Bytes").sum()).isEqualTo(120.0);
            assertThat(samples.get("DataReadFromKinesisStream.Bytes").unit()).isEqualTo("Bytes");
            assertThat(samples.get("DataReadFromKinesisStream.Bytes").dimensions())
                    .containsExactly(Map.entry("DeliveryStreamName", "orders"));
            assertThat(samples).doesNotContainKey("ExecuteProcessing.Duration");

            // The next interval has only its own reads; none read, nothing published.
            published.clear();
            publisher.publish();
            assertThat(byName()).doesNotContainKey("DataReadFromKinesisStream.Records");
        }
    }

    @Test
    void aLambdaProcessorPublishesItsInvocationsAndTheirResults() {
        try (DeliveryMetricsPublisher publisher =
                publisher(new DeliveryMetricsPublisher.Outputs("DeliveryToS3", false, false, true))) {
            metrics.processing().invoked(40, false);
            metrics.processing().invoked(10, true);
            metrics.processing().succeeded(5, 300);
            metrics.processing().invoked(30, true);
            metrics.processing().succeeded(2, 0);
            publisher.publish();
            Map<String, MetricSample> samples = byName();
            MetricSample duration = samples.get("ExecuteProcessing.Duration");
            assertThat(duration.unit()).isEqualTo("Milliseconds");
            assertThat(List.of(duration.sampleCount(), duration.sum(), duration.minimum(), duration.maximum()))
                    .containsExactly(3.0, 80.0, 10.0, 40.0);
            // One sample per invocation, 1 or 0: the average is successful invocations over all of them.
            MetricSample success = samples.get("ExecuteProcessing.Success");
            assertThat(List.of(success.sampleCount(), success.sum(), success.minimum(), success.maximum()))
                    .containsExactly(3.0, 2.0, 0.0, 1.0);
            assertThat(samples.get("SucceedProcessing.Records").sum()).isEqualTo(7.0);
            assertThat(samples.get("SucceedProcessing.Bytes").sum()).isEqualTo(300.0);
            assertThat(samples.get("SucceedProcessing.Bytes").unit()).isEqualTo("Bytes");
            assertThat(samples).doesNotContainKey("DataReadFromKinesisStream.Records");

            published.clear();
            publisher.publish();
            assertThat(byName()).doesNotContainKeys("ExecuteProcessing.Duration", "ExecuteProcessing.Success");
        }
        // JMX keeps the totals: the mean duration and the success ratio of every invocation so far.
        assertThat(metrics.snapshot())
                .containsEntry("ExecuteProcessing.Duration", 26L)
                .containsEntry("ExecuteProcessing.Success", 2.0 / 3)
                .containsEntry("SucceedProcessing.Records", 7L);
    }
}
