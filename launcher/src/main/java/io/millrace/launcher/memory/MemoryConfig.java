package io.millrace.launcher.memory;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The memory budgets of the embedded parts of {@code millrace up}: what each holds beyond its working set, so that
 * the whole platform fits a 512 MiB heap ({@code MILLRACE_JAVA_OPTS=-Xmx512m}) with room for the gateway's requests
 * in flight. The defaults are that budget; a larger heap may take larger ones. Off-heap budgets (Flink's) count
 * against the process's memory, not the heap.
 */
public final class MemoryConfig extends AbstractConfig {

    public static final String FLINK_MANAGED_BYTES = "millrace.memory.flink.managed-bytes";
    public static final String FLINK_NETWORK_BYTES = "millrace.memory.flink.network-bytes";
    public static final String KAFKA_QUEUED_REQUEST_BYTES = "millrace.memory.kafka.queued-request-bytes";
    public static final String CONNECT_FETCH_BYTES = "millrace.memory.connect.fetch-bytes";

    private static final long MIB = 1024L * 1024;

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    FLINK_MANAGED_BYTES,
                    Type.LONG,
                    64 * MIB,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "Managed memory of the embedded Flink mini-cluster (taskmanager.memory.managed.size), native"
                            + " memory taken when a job asks for it: RocksDB state and batch operators. Flink's local"
                            + " default is 128 MiB; streaming SQL with the heap state backend takes none.")
            .define(
                    FLINK_NETWORK_BYTES,
                    Type.LONG,
                    32 * MIB,
                    Range.atLeast(4 * MIB),
                    Importance.MEDIUM,
                    "Network buffers of the embedded Flink mini-cluster (taskmanager.memory.network.min and max),"
                            + " direct memory allocated when the cluster starts, in 32 KiB buffers: 32 MiB is 1,024"
                            + " of them, enough for 16 slots of applications of parallelism up to 4. Flink's local"
                            + " default is 64 MiB. Too few fail a job's start with 'Insufficient number of network"
                            + " buffers'.")
            .define(
                    KAFKA_QUEUED_REQUEST_BYTES,
                    Type.LONG,
                    64 * MIB,
                    Range.atLeast(16 * MIB),
                    Importance.MEDIUM,
                    "Heap the embedded broker gives to requests read but not yet handled"
                            + " (queued.max.request.bytes; unbounded by default), and so the largest request it"
                            + " accepts (socket.request.max.bytes, 100 MiB by default). Past it the broker reads no"
                            + " more requests until some are handled: producers wait instead of the heap filling.")
            .define(
                    CONNECT_FETCH_BYTES,
                    Type.LONG,
                    16 * MIB,
                    Range.atLeast(4 * MIB),
                    Importance.MEDIUM,
                    "The most one fetch of a delivery stream's Kafka consumer in the embedded Connect worker"
                            + " brings (consumer.fetch.max.bytes; 50 MiB by default), buffered on the heap until the"
                            + " task takes it; each partition's share stays at most 4 MiB.");

    public MemoryConfig(Map<String, ?> props) {
        super(DEF, props);
    }

    public static ConfigDef configDef() {
        return DEF;
    }

    public long flinkManagedBytes() {
        return getLong(FLINK_MANAGED_BYTES);
    }

    public long flinkNetworkBytes() {
        return getLong(FLINK_NETWORK_BYTES);
    }

    public long kafkaQueuedRequestBytes() {
        return getLong(KAFKA_QUEUED_REQUEST_BYTES);
    }

    public long connectFetchBytes() {
        return getLong(CONNECT_FETCH_BYTES);
    }
}
