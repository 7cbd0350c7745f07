package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.config.ProcessingKeys;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorSizingTest {
    private final ConnectorSizing sizing = new ConnectorSizing(1, 5_000, 8 << 20);

    @Test
    void aDirectPutStreamGetsATaskPerPartitionAndLargerPolls() {
        Map<String, String> connector = new HashMap<>(Map.of("tasks.max", "1"));
        sizing.apply(connector, 3);
        assertThat(connector)
                .containsEntry("tasks.max", "3")
                .containsEntry("consumer.override.max.poll.records", "5000")
                .containsEntry("consumer.override.max.partition.fetch.bytes", Integer.toString(8 << 20));
    }

    @Test
    void tasksMaxStaysWhenItIsAboveThePartitionsOrTheSourceIsNotDirectPut() {
        Map<String, String> kinesisSource = new HashMap<>();
        new ConnectorSizing(4, 500, 1 << 20).apply(kinesisSource, 0);
        assertThat(kinesisSource).containsEntry("tasks.max", "4");
        Map<String, String> directPut = new HashMap<>();
        new ConnectorSizing(4, 500, 1 << 20).apply(directPut, 2);
        assertThat(directPut).containsEntry("tasks.max", "4");
    }

    @Test
    void aStreamWithALambdaProcessorKeepsKafkasPollSize() {
        Map<String, String> connector =
                new HashMap<>(Map.of(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "http://127.0.0.1:9/fn"));
        sizing.apply(connector, 1);
        assertThat(connector)
                .containsEntry("tasks.max", "1")
                .doesNotContainKeys(
                        "consumer.override.max.poll.records", "consumer.override.max.partition.fetch.bytes");
    }

    @Test
    void theGatewayKeysSetTheSizing() {
        FirehoseConfig config = new FirehoseConfig(Map.of(
                FirehoseConfig.CONNECT_URL, "http://c:8083",
                FirehoseConfig.TASKS_MAX, "2",
                FirehoseConfig.SINK_MAX_POLL_RECORDS, "1234",
                FirehoseConfig.SINK_PARTITION_FETCH_BYTES, Integer.toString(2 << 20)));
        assertThat(config.connectorSizing()).isEqualTo(new ConnectorSizing(2, 1234, 2 << 20));
        assertThat(new FirehoseConfig(Map.of(FirehoseConfig.CONNECT_URL, "http://c:8083")).connectorSizing())
                .isEqualTo(new ConnectorSizing(
                        1, ConnectorSizing.DEFAULT_MAX_POLL_RECORDS, ConnectorSizing.DEFAULT_PARTITION_FETCH_BYTES));
    }
}
