package io.millrace.analytics.functions;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoints a forest through the library's own state mapper (trees, samples and random state included), so a
 * job restored from a savepoint scores exactly as if it had never stopped.
 */
public final class ForestAccumulatorSerializer extends TypeSerializerSingleton<ForestAccumulator> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ForestAccumulator createInstance() {
        return new ForestAccumulator();
    }

    @Override
    public ForestAccumulator copy(ForestAccumulator from) {
        return new ForestAccumulator(from.forest == null ? null : fromBytes(toBytes(from.forest)), from.lastScore);
    }

    @Override
    public ForestAccumulator copy(ForestAccumulator from, ForestAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ForestAccumulator record, DataOutputView target) throws IOException {
        target.writeBoolean(record.lastScore != null);
        if (record.lastScore != null) {
            target.writeDouble(record.lastScore);
        }
        if (record.forest == null) {
            target.writeInt(-1);
        } else {
            byte[] bytes = toBytes(record.forest);
            target.writeInt(bytes.length);
            target.write(bytes);
        }
    }

    @Override
    public ForestAccumulator deserialize(DataInputView source) throws IOException {
        Double lastScore = source.readBoolean() ? source.readDouble() : null;
        int length = source.readInt();
        if (length < 0) {
            return new ForestAccumulator(null, lastScore);
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return new ForestAccumulator(fromBytes(bytes), lastScore);
    }

    @Override
    public ForestAccumulator deserialize(ForestAccumulator reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<ForestAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    private static RandomCutForestMapper mapper() {
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        mapper.setSaveTreeStateEnabled(true);
        return mapper;
    }

    private static byte[] toBytes(RandomCutForest forest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(mapper().toState(forest));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a random cut forest", e);
        }
        return bytes.toByteArray();
    }

    private static RandomCutForest fromBytes(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return mapper().toModel((RandomCutForestState) in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot restore a random cut forest", e);
        }
    }

    /** Snapshot of a serializer without configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ForestAccumulator> {
        public Snapshot() {
            super(ForestAccumulatorSerializer::new);
        }
    }
}
