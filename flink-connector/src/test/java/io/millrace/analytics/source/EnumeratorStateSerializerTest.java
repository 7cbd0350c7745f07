package io.millrace.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EnumeratorStateSerializerTest {

    private final EnumeratorStateSerializer serializer = new EnumeratorStateSerializer();

    @Test
    void aStateComesBackAsItWasCheckpointed() throws IOException {
        EnumeratorState state = new EnumeratorState(
                Set.of(0, 3),
                Set.of(1, 2),
                List.of(
                        new KafkaPartitionSplit(new TopicPartition("orders", 4), KafkaPartitionSplit.EARLIEST_OFFSET),
                        new KafkaPartitionSplit(new TopicPartition("orders", 5), 17, 42)),
                true);

        EnumeratorState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(back).isEqualTo(state);
        assertThat(back.pending().get(1).getStoppingOffset()).contains(42L);
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
    }
}
