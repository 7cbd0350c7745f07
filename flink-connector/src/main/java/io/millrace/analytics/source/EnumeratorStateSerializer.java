package io.millrace.analytics.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: started flag, finished shards, assigned shards, then the pending splits in Kafka's split format. */
final class EnumeratorStateSerializer implements SimpleVersionedSerializer<EnumeratorState> {

    private static final int VERSION = 1;
    private final KafkaPartitionSplitSerializer splits = new KafkaPartitionSplitSerializer();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(EnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeBoolean(state.started());
        writeInts(out, state.finished());
        writeInts(out, state.assigned());
        out.writeInt(state.pending().size());
        for (KafkaPartitionSplit split : state.pending()) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public EnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Millrace source enumerator state version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean started = in.readBoolean();
        Set<Integer> finished = readInts(in);
        Set<Integer> assigned = readInts(in);
        int count = in.readInt();
        List<KafkaPartitionSplit> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            pending.add(splits.deserialize(splits.getVersion(), bytes));
        }
        return new EnumeratorState(finished, assigned, pending, started);
    }

    private static void writeInts(DataOutputSerializer out, Set<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static Set<Integer> readInts(DataInputDeserializer in) throws IOException {
        int count = in.readInt();
        Set<Integer> values = new HashSet<>();
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return values;
    }
}
