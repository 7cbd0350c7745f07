package io.millrace.analytics.table;

import static io.millrace.analytics.testing.TestStreams.bootstrapServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.ReshardingStream;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.kinesis.model.routing.HashKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MillraceTableConnectorIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private StreamTableEnvironment tableEnv;

    @BeforeEach
    void session() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        tableEnv.getConfig().set("table.local-time-zone", "UTC");
        tableEnv.getConfig().set(MillraceOptions.SESSION_BOOTSTRAP_SERVERS.key(), bootstrapServers());
    }

    @Test
    void readsJsonRecordsOfEveryShardWithTheirMetadata() throws Exception {
        String stream = TestStreams.uniqueStream("readings");
        TestStreams.createStream(stream, 2);
        TestStreams.put(
                stream,
                List.of(
                        new StreamRecord(0, "sensor-a", "{\"temp\": 20.5}", 1_700_000_000_000L),
                        new StreamRecord(1, "sensor-b", "{\"temp\": 21.0}", 1_700_000_001_000L),
                        new StreamRecord(0, "sensor-a", "{\"temp\": 22.0}", 1_700_000_002_500L)));
        tableEnv.executeSql("CREATE TABLE readings ("
                + " temp DOUBLE,"
                + " partition_key STRING METADATA VIRTUAL,"
                + " shard_id STRING METADATA VIRTUAL,"
                + " arrival TIMESTAMP_LTZ(3) METADATA FROM 'approximate_arrival_timestamp' VIRTUAL,"
                + " `offset` BIGINT METADATA VIRTUAL"
                + ") WITH ('connector' = 'millrace', 'stream' = '" + stream + "', 'format' = 'json',"
                + " 'scan.bounded.mode' = 'latest')");

        List<String> rows =
                collect(tableEnv.executeSql("SELECT temp, partition_key, shard_id, arrival, `offset` FROM readings"));

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "20.5|sensor-a|shardId-000000000000|" + Instant.ofEpochMilli(1_700_000_000_000L) + "|0",
                        "21.0|sensor-b|shardId-000000000001|" + Instant.ofEpochMilli(1_700_000_001_000L) + "|0",
                        "22.0|sensor-a|shardId-000000000000|" + Instant.ofEpochMilli(1_700_000_002_500L) + "|1");
    }

    @Test
    void exposesTheSequenceNumberTheGatewayShows() throws Exception {
        String stream = TestStreams.uniqueStream("sequenced");
        io.millrace.schemas.kinesis.StreamMetadata metadata = TestStreams.createStream(stream, 2);
        TestStreams.put(
                stream,
                List.of(
                        new StreamRecord(1, "k", "{\"n\": 1}", 1_700_000_000_000L),
                        new StreamRecord(1, "k", "{\"n\": 2}", 1_700_000_005_000L)));
        tableEnv.executeSql("CREATE TABLE sequenced (n INT, sequence_number STRING METADATA VIRTUAL)"
                + " WITH ('connector' = 'millrace', 'stream' = '" + stream + "', 'format' = 'json',"
                + " 'scan.bounded.mode' = 'latest')");

        List<String> rows = collect(tableEnv.executeSql("SELECT n, sequence_number FROM sequenced"));

        long created = metadata.getShards().get(1).getCreatedAtMillis() / 1000;
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "1|" + io.millrace.kinesis.model.SequenceNumber.format(created, 1, 0, 1_700_000_000L),
                        "2|" + io.millrace.kinesis.model.SequenceNumber.format(created, 1, 1, 1_700_000_005L));
        assertThat(io.millrace.kinesis.model.SequenceNumber.parse(rows.get(0).split("\\|")[1])
                        .offset())
                .isIn(0L, 1L);
    }

    @Test
    void startsAtATimestamp() throws Exception {
        String stream = TestStreams.uniqueStream("clicks");
        TestStreams.createStream(stream, 1);
        TestStreams.put(
                stream,
                List.of(
                        new StreamRecord(0, "k", "{\"n\": 1}", 1_000L),
                        new StreamRecord(0, "k", "{\"n\": 2}", 2_000L),
                        new StreamRecord(0, "k", "{\"n\": 3}", 3_000L)));
        tableEnv.executeSql("CREATE TABLE clicks (n INT) WITH ('connector' = 'millrace', 'stream' = '" + stream
                + "', 'format' = 'json', 'scan.startup.mode' = 'at-timestamp', 'scan.startup.timestamp-millis' = '2000',"
                + " 'scan.bounded.mode' = 'latest')");

        assertThat(collect(tableEnv.executeSql("SELECT n FROM clicks"))).containsExactly("2", "3");
    }

    @Test
    void readsShardsCreatedByAReshardWhileRunning() throws Exception {
        ReshardingStream stream = new ReshardingStream(TestStreams.uniqueStream("growing"));
        TestStreams.put(stream.name(), List.of(new StreamRecord(0, "p", "{\"n\": 1}", 1_000L)));
        tableEnv.executeSql("CREATE TABLE growing (n INT, shard_id STRING METADATA VIRTUAL) WITH ("
                + " 'connector' = 'millrace', 'stream' = '" + stream.name() + "', 'format' = 'json',"
                + " 'scan.shard-discovery.interval' = '500 ms')");

        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tableEnv.executeSql("SELECT n, shard_id FROM growing").collect()) {
            rows.add(it.next().toString());
            // Split shard 0 into shards 1 and 2 as the gateway does; only a child receives the next record.
            stream.startSplit(0);
            stream.closeClosingShards();
            TestStreams.put(stream.name(), List.of(new StreamRecord(2, "q", "{\"n\": 2}", 2_000L)));
            rows.add(it.next().toString());
        }

        assertThat(rows).containsExactly("+I[1, shardId-000000000000]", "+I[2, shardId-000000000002]");
    }

    @Test
    void atTimestampWithoutTimestampIsRejected() {
        tableEnv.executeSql("CREATE TABLE t (n INT) WITH ('connector' = 'millrace', 'stream' = 's', 'format' = 'json',"
                + " 'scan.startup.mode' = 'at-timestamp')");
        assertThatThrownBy(() -> tableEnv.executeSql("SELECT * FROM t"))
                .hasStackTraceContaining("scan.startup.timestamp-millis");
    }

    @Test
    void sinkRoutesByMd5HashKeyRangeLikePutRecord() throws Exception {
        String stream = TestStreams.uniqueStream("routed");
        TestStreams.createStream(stream, 4);
        tableEnv.executeSql("CREATE TABLE routed (device STRING, reading INT, partition_key STRING METADATA)"
                + " WITH ('connector' = 'millrace', 'stream' = '" + stream + "', 'format' = 'json')");
        List<String> keys = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            keys.add("device-" + i);
            values.append(i == 0 ? "" : ",")
                    .append("('d")
                    .append(i)
                    .append("', ")
                    .append(i)
                    .append(", 'device-")
                    .append(i)
                    .append("')");
        }
        long before = System.currentTimeMillis();
        tableEnv.executeSql("INSERT INTO routed VALUES " + values).await();

        List<ConsumerRecord<byte[], byte[]>> written = TestStreams.readAll(stream);
        assertThat(written).hasSize(40);
        BigInteger quarter = BigInteger.ONE.shiftLeft(126);
        for (ConsumerRecord<byte[], byte[]> record : written) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            int expectedShard =
                    HashKey.ofPartitionKey(key).toBigInteger().divide(quarter).intValueExact();
            assertThat(record.partition()).as("shard of %s", key).isEqualTo(expectedShard);
            String index = key.substring("device-".length());
            // The metadata column is the key, not part of the encoded row.
            assertThat(new String(record.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"device\":\"d" + index + "\",\"reading\":" + index + "}");
            assertThat(record.timestamp()).isGreaterThanOrEqualTo(before);
        }
        assertThat(written.stream().map(r -> r.partition()).collect(Collectors.toSet()))
                .as("40 keys spread over all 4 shards")
                .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void sinkSkipsClosedShardsAndHonoursExplicitHashKeys() throws Exception {
        String stream = TestStreams.uniqueStream("resharded");
        BigInteger half = BigInteger.ONE.shiftLeft(127);
        // Shard 0 was split into 1 and 2: only the children are open.
        TestStreams.createStream(
                stream,
                List.of(
                        TestStreams.shard(0, BigInteger.ZERO, HashKey.MAX_VALUE, 1L),
                        TestStreams.shard(1, BigInteger.ZERO, half.subtract(BigInteger.ONE), null),
                        TestStreams.shard(2, half, HashKey.MAX_VALUE, null)));
        tableEnv.executeSql("CREATE TABLE resharded (partition_key STRING, v INT,"
                + " explicit_hash_key STRING METADATA) WITH ('connector' = 'millrace', 'stream' = '" + stream
                + "', 'format' = 'json')");
        tableEnv.executeSql("INSERT INTO resharded VALUES ('a', 1, CAST(NULL AS STRING)), ('b', 2, '0'),"
                        + " ('c', 3, '" + HashKey.MAX_VALUE + "')")
                .await();

        List<String> placed = TestStreams.readAll(stream).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8) + "@" + r.partition() + "="
                        + new String(r.value(), StandardCharsets.UTF_8))
                .toList();
        int shardOfA = HashKey.ofPartitionKey("a").toBigInteger().compareTo(half) < 0 ? 1 : 2;
        assertThat(placed)
                .containsExactlyInAnyOrder(
                        "a@" + shardOfA + "={\"partition_key\":\"a\",\"v\":1}",
                        "b@1={\"partition_key\":\"b\",\"v\":2}",
                        "c@2={\"partition_key\":\"c\",\"v\":3}");
    }

    @Test
    void exactlyOnceSinkWritesThroughCommittedTransactions() throws Exception {
        String source = TestStreams.uniqueStream("eo-in");
        String target = TestStreams.uniqueStream("eo-out");
        TestStreams.createStream(source, 1);
        TestStreams.createStream(target, 2);
        TestStreams.put(
                source,
                List.of(
                        new StreamRecord(0, "a", "{\"n\": 1}", 1_000L),
                        new StreamRecord(0, "b", "{\"n\": 2}", 2_000L),
                        new StreamRecord(0, "c", "{\"n\": 3}", 3_000L)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        StreamTableEnvironment checkpointed = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        checkpointed.getConfig().set(MillraceOptions.SESSION_BOOTSTRAP_SERVERS.key(), bootstrapServers());
        checkpointed.executeSql("CREATE TABLE eo_in (n INT, partition_key STRING METADATA VIRTUAL) WITH ("
                + " 'connector' = 'millrace', 'stream' = '" + source
                + "', 'format' = 'json', 'scan.bounded.mode' = 'latest')");
        checkpointed.executeSql("CREATE TABLE eo_out (n INT, partition_key STRING METADATA) WITH ("
                + " 'connector' = 'millrace', 'stream' = '" + target + "', 'format' = 'json',"
                + " 'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = '" + target + "')");

        checkpointed
                .executeSql("INSERT INTO eo_out SELECT n * 10, partition_key FROM eo_in")
                .await();

        // Visible only once the final checkpoint committed the transaction: a read_committed reader sees them all.
        assertThat(TestStreams.readCommitted(target).stream()
                        .map(r -> new String(r.key(), StandardCharsets.UTF_8) + "="
                                + new String(r.value(), StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrder("a={\"n\":10}", "b={\"n\":20}", "c={\"n\":30}");
    }

    @Test
    void exactlyOnceWithoutTransactionalIdPrefixIsRejected() {
        tableEnv.executeSql("CREATE TABLE eo (partition_key STRING, v INT) WITH ('connector' = 'millrace',"
                + " 'stream' = 's', 'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once')");
        assertThatThrownBy(() -> tableEnv.executeSql("INSERT INTO eo VALUES ('k', 1)"))
                .hasStackTraceContaining("sink.transactional-id-prefix");
    }

    @Test
    void sinkWithoutPartitionKeyIsRejectedWithAClearMessage() throws Exception {
        String stream = TestStreams.uniqueStream("nokey");
        TestStreams.createStream(stream, 1);
        tableEnv.executeSql("CREATE TABLE nokey (v INT) WITH ('connector' = 'millrace', 'stream' = '" + stream + "',"
                + " 'format' = 'json')");
        assertThatThrownBy(() -> tableEnv.executeSql("INSERT INTO nokey VALUES (1)"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("needs a partition key");
    }

    @Test
    void sinkIntoAnUnknownStreamIsRefusedWhenPlannedNamingTheStream() {
        tableEnv.executeSql("CREATE TABLE ghost (partition_key STRING, v INT) WITH ('connector' = 'millrace',"
                + " 'stream' = 'no-such-stream', 'format' = 'json')");
        // Refused before any job starts: a submitted job would fail and restart forever.
        assertThatThrownBy(() -> tableEnv.executeSql("INSERT INTO ghost VALUES ('k', 1)"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("Stream no-such-stream of Millrace table")
                .hasStackTraceContaining("does not exist");
        assertThatThrownBy(() -> tableEnv.executeSql("SELECT * FROM ghost"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("Stream no-such-stream of Millrace table");
    }

    private static List<String> collect(TableResult result) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    fields.add(String.valueOf(row.getField(i)));
                }
                rows.add(String.join("|", fields));
            }
        }
        return rows;
    }
}
