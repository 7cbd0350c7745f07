package io.millrace.analytics.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ForestAccumulatorSerializerTest {

    /** A restored forest must go on scoring exactly as the original: checkpoints must not change results. */
    @Test
    void aRestoredForestScoresExactlyAsTheOriginal() throws Exception {
        RandomCutForestFunction function = new RandomCutForestFunction();
        ForestAccumulator original = function.createAccumulator();
        for (int i = 0; i < 200; i++) {
            function.accumulate(original, 10.0 + i % 7, 20, 32, 1);
        }
        ForestAccumulatorSerializer serializer = new ForestAccumulatorSerializer();
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(original, out);
        ForestAccumulator restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        ForestAccumulator copied = serializer.copy(original);

        assertThat(restored.lastScore).isEqualTo(original.lastScore);
        for (double next : new double[] {12.0, 95.0, 11.0, 13.0, -40.0}) {
            function.accumulate(original, next, 20, 32, 1);
            function.accumulate(restored, next, 20, 32, 1);
            function.accumulate(copied, next, 20, 32, 1);
            assertThat(restored.lastScore).isEqualTo(original.lastScore);
            assertThat(copied.lastScore).isEqualTo(original.lastScore);
        }
        assertThat(original.lastScore).isGreaterThan(0.0);
    }

    @Test
    void anEmptyAccumulatorRoundTrips() throws Exception {
        ForestAccumulatorSerializer serializer = new ForestAccumulatorSerializer();
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(new ForestAccumulator(), out);
        ForestAccumulator restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(restored.forest).isNull();
        assertThat(restored.lastScore).isNull();
    }
}
