package io.millrace.analytics.testing;

import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream resharded the way the gateway does it (children's partitions added, parents marked closing, then closed
 * with their end offset), and writes routed like PutRecord's, each record numbered per partition key.
 */
public final class ReshardingStream {

    private final String name;
    private StreamMetadata metadata;
    private final Map<String, Integer> nextNumber = new HashMap<>();
    private final List<String> written = new ArrayList<>();

    public ReshardingStream(String name) throws Exception {
        this.name = name;
        this.metadata = TestStreams.createStream(name, 1);
    }

    public String name() {
        return name;
    }

    /** Everything written so far, as {@code key|number}. */
    public List<String> written() {
        return List.copyOf(written);
    }

    /** Writes {@code perKey} records for each key, to the open shard PutRecord would pick. */
    public void put(List<String> keys, int perKey) throws Exception {
        List<StreamRecord> records = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (String key : keys) {
                records.add(record(key, openShardFor(key)));
            }
        }
        TestStreams.put(name, records);
    }

    /** Writes to a closing parent, as a gateway whose routing lease has not expired yet may still do. */
    public void putToClosingParent(List<String> keys, int parent) throws Exception {
        List<StreamRecord> records = new ArrayList<>();
        for (String key : keys) {
            if (owns(shard(parent), HashKey.ofPartitionKey(key))) {
                records.add(record(key, parent));
            }
        }
        TestStreams.put(name, records);
    }

    private StreamRecord record(String key, int shard) {
        int number = nextNumber.merge(key, 1, Integer::sum);
        String value = key + "|" + number;
        written.add(value);
        return new StreamRecord(shard, key, value, System.currentTimeMillis());
    }

    /** SplitShard's first step: two children share the parent's range at its middle; the parent stops routing. */
    public void startSplit(int parent) throws Exception {
        ShardMetadata p = shard(parent);
        BigInteger start = new BigInteger(p.getStartingHashKey());
        BigInteger end = new BigInteger(p.getEndingHashKey());
        BigInteger middle = start.add(end).shiftRight(1);
        int first = metadata.getShards().size();
        TestStreams.addShards(name, first + 2);
        List<ShardMetadata> shards = closing(parent);
        shards.add(child(first, parent, null, start, middle));
        shards.add(child(first + 1, parent, null, middle.add(BigInteger.ONE), end));
        update(shards);
    }

    /** MergeShards' first step: one child owns both adjacent parents' ranges. */
    public void startMerge(int parent, int adjacentParent) throws Exception {
        int child = metadata.getShards().size();
        TestStreams.addShards(name, child + 1);
        List<ShardMetadata> shards = closing(parent, adjacentParent);
        BigInteger start = new BigInteger(shard(parent).getStartingHashKey())
                .min(new BigInteger(shard(adjacentParent).getStartingHashKey()));
        BigInteger end = new BigInteger(shard(parent).getEndingHashKey())
                .max(new BigInteger(shard(adjacentParent).getEndingHashKey()));
        shards.add(child(child, parent, adjacentParent, start, end));
        update(shards);
    }

    /** The reshard's last step: each closing shard gets its partition's log end as end offset. */
    public void closeClosingShards() throws Exception {
        List<ShardMetadata> shards = new ArrayList<>();
        for (ShardMetadata shard : metadata.getShards()) {
            if (shard.getClosingAtMillis() != null && shard.getClosedAtMillis() == null) {
                shards.add(ShardMetadata.newBuilder(shard)
                        .setClosedAtMillis(System.currentTimeMillis())
                        .setEndOffset(TestStreams.endOffset(name, shard.getIndex()))
                        .build());
            } else {
                shards.add(shard);
            }
        }
        update(shards);
    }

    private List<ShardMetadata> closing(int... parents) {
        List<ShardMetadata> shards = new ArrayList<>();
        for (ShardMetadata shard : metadata.getShards()) {
            boolean parent = false;
            for (int p : parents) {
                parent |= p == shard.getIndex();
            }
            shards.add(
                    parent
                            ? ShardMetadata.newBuilder(shard)
                                    .setClosingAtMillis(System.currentTimeMillis())
                                    .build()
                            : shard);
        }
        return shards;
    }

    private static ShardMetadata child(
            int index, int parent, Integer adjacentParent, BigInteger start, BigInteger end) {
        return ShardMetadata.newBuilder(TestStreams.shard(index, start, end, null))
                .setParentIndex(parent)
                .setAdjacentParentIndex(adjacentParent)
                .build();
    }

    private void update(List<ShardMetadata> shards) throws Exception {
        metadata = StreamMetadata.newBuilder(metadata)
                .setShards(shards)
                .setVersion(metadata.getVersion() + 1)
                .build();
        TestStreams.writeMetadata(name, metadata);
    }

    private ShardMetadata shard(int index) {
        return metadata.getShards().stream()
                .filter(s -> s.getIndex() == index)
                .findFirst()
                .orElseThrow();
    }

    /** The shard PutRecord picks: the current (open, not closing) shard whose range holds the key's hash. */
    private int openShardFor(String key) {
        HashKey hash = HashKey.ofPartitionKey(key);
        return Shards.current(metadata).stream()
                .filter(shard -> owns(shard, hash))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no open shard for " + key))
                .getIndex();
    }

    private static boolean owns(ShardMetadata shard, HashKey hash) {
        return Shards.range(shard).contains(hash);
    }
}
