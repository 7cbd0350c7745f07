package io.millrace.kinesis.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumerMetricsTest {

    @Test
    void aConsumersEventsAreSummedOverShardsAndItsLagIsTheLargestShardsLast() {
        StreamMetrics metrics = new StreamMetrics();
        metrics.recordFanOut("orders", "billing", 0, 3, 300, 900);
        metrics.recordFanOut("orders", "billing", 0, 1, 50, 10);
        metrics.recordFanOut("orders", "billing", 1, 2, 20, 40);
        metrics.recordFanOut("orders", "audit", 0, 0, 0, 0);

        String page = metrics.render(stream -> Set.of());

        assertThat(page)
                .contains("# TYPE millrace_kinesis_consumer_subscribe_to_shard_event_bytes_total counter\n")
                .contains("millrace_kinesis_consumer_subscribe_to_shard_event_bytes_total"
                        + "{stream=\"orders\",consumer=\"billing\"} 370\n")
                .contains("millrace_kinesis_consumer_subscribe_to_shard_event_records_total"
                        + "{stream=\"orders\",consumer=\"billing\"} 6\n")
                .contains("millrace_kinesis_consumer_subscribe_to_shard_event_millis_behind_latest_milliseconds"
                        + "{stream=\"orders\",consumer=\"billing\"} 40\n")
                .contains("millrace_kinesis_consumer_subscribe_to_shard_event_bytes_total"
                        + "{stream=\"orders\",consumer=\"audit\"} 0\n");
        // A deleted stream's consumers go with it.
        metrics.forget("orders");
        assertThat(metrics.render(stream -> Set.of())).doesNotContain("consumer=\"billing\"");
    }
}
