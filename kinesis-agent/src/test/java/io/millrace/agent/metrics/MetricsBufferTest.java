package io.millrace.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsBufferTest {

    private static final List<Map.Entry<String, String>> STREAM = List.of(Map.entry("Destination", "KinesisStream:s"));

    @Test
    void addsUpTheSamplesOfAMetricUntilDrained() {
        MetricsBuffer buffer = new MetricsBuffer(10);
        MetricsBuffer.Key sent = new MetricsBuffer.Key("RecordsSent", "Count", STREAM);
        MetricsBuffer.Key bytes = new MetricsBuffer.Key("BytesSent", "Bytes", STREAM);
        buffer.add(sent, 50);
        buffer.add(bytes, 700);
        buffer.add(new MetricsBuffer.Key("RecordsSent", "Count", List.copyOf(STREAM)), 20);

        List<MetricsBuffer.Aggregate> drained = buffer.drain();
        assertThat(drained).hasSize(2);
        MetricsBuffer.Aggregate records = drained.get(0);
        assertThat(records.key()).isEqualTo(sent);
        assertThat(records.sampleCount()).isEqualTo(2);
        assertThat(records.sum()).isEqualTo(70);
        assertThat(records.minimum()).isEqualTo(20);
        assertThat(records.maximum()).isEqualTo(50);
        assertThat(drained.get(1).sum()).isEqualTo(700);
        assertThat(buffer.drain()).isEmpty();
    }

    @Test
    void dropsAndCountsSamplesOfNewMetricsOnceFull() {
        MetricsBuffer buffer = new MetricsBuffer(1);
        MetricsBuffer.Key sent = new MetricsBuffer.Key("RecordsSent", "Count", STREAM);
        buffer.add(sent, 1);
        buffer.add(new MetricsBuffer.Key("RecordSendErrors", "Count", STREAM), 1);
        buffer.add(new MetricsBuffer.Key("RecordSendErrors", "Count", STREAM), 1);
        buffer.add(sent, 1);

        assertThat(buffer.takeDropped()).isEqualTo(2);
        assertThat(buffer.takeDropped()).isZero();
        assertThat(buffer.drain())
                .singleElement()
                .extracting(MetricsBuffer.Aggregate::sampleCount)
                .isEqualTo(2L);
    }
}
