package io.millrace.cloudwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.metrics.MetricRecords;
import io.millrace.metrics.MetricSample;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What writers without the CloudWatch API (the Firehose sink) put in the datapoint topic is read by this API's serdes
 * as the same metric and statistic set that PlatformMetricSink writes.
 */
class MetricRecordsTest {

    private static final MetricSample SAMPLE = new MetricSample(
            "AWS/Firehose",
            "DeliveryToS3.Records",
            new TreeMap<>(Map.of("DeliveryStreamName", "orders", "Another", "x")),
            "Count",
            1_700_000_000_000L,
            3,
            42,
            5,
            20);

    @Test
    void keysAreTheMetricKeysOfThisApi() {
        MetricKey key = MetricSerdes.key().deserializer().deserialize("t", MetricRecords.key(SAMPLE));
        assertThat(key).isEqualTo(new MetricKey("AWS/Firehose", "DeliveryToS3.Records", SAMPLE.dimensions()));
        assertThat(MetricRecords.key(SAMPLE)).isEqualTo(key.toBytes());
    }

    @Test
    void valuesAreStatisticSetsWithoutDistribution() {
        byte[] value = MetricRecords.value(SAMPLE);
        Datapoint point = MetricSerdes.datapoint().deserializer().deserialize("t", value);
        assertThat(point.timestampMs()).isEqualTo(SAMPLE.timestampMs());
        assertThat(point.highResolution()).isFalse();
        Stats stats = point.stats();
        assertThat(stats.sampleCount()).isEqualTo(3);
        assertThat(stats.sum()).isEqualTo(42);
        assertThat(stats.minimum()).isEqualTo(5);
        assertThat(stats.maximum()).isEqualTo(20);
        assertThat(stats.unit()).isEqualTo("Count");
        assertThat(stats.percentile(50)).isNaN();
        // Byte for byte what this API's own serde writes for the same statistic set.
        assertThat(value)
                .isEqualTo(MetricSerdes.datapoint()
                        .serializer()
                        .serialize("t", new Datapoint(SAMPLE.timestampMs(), false, new Stats(3, 42, 5, 20, "Count"))));
    }
}
