package io.millrace.analytics.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MillraceCatalogIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private StreamTableEnvironment tableEnv;

    @BeforeEach
    void session() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        tableEnv.getConfig().set("table.local-time-zone", "UTC");
        tableEnv.executeSql("CREATE CATALOG millrace WITH ('type' = 'millrace', 'bootstrap.servers' = '"
                + TestStreams.bootstrapServers() + "')");
    }

    @Test
    void listsLiveStreamsAsTablesWithoutDdl() throws Exception {
        String live = TestStreams.uniqueStream("orders");
        String deleting = TestStreams.uniqueStream("leaving");
        String deleted = TestStreams.uniqueStream("gone");
        TestStreams.createStream(live, 1);
        StreamMetadata leaving = TestStreams.createStream(deleting, 1);
        leaving.setStatus(StreamStatus.DELETING);
        leaving.setVersion(2);
        TestStreams.writeMetadata(deleting, leaving);
        TestStreams.createStream(deleted, 1);
        TestStreams.writeMetadata(deleted, null);

        List<String> tables = column(tableEnv.executeSql("SHOW TABLES FROM millrace.`default`"));

        assertThat(tables).contains(live).doesNotContain(deleting, deleted);
    }

    @Test
    void selectsFromAStreamByItsCatalogName() throws Exception {
        String stream = TestStreams.uniqueStream("orders");
        TestStreams.createStream(stream, 2);
        TestStreams.put(
                stream,
                List.of(
                        new StreamRecord(0, "alice", "{\"amount\": 12.5}", 1_000L),
                        new StreamRecord(1, "bob", "{\"amount\": 3}", 2_000L)));

        List<String> rows = rows(tableEnv.executeSql(
                "SELECT CAST(data AS STRING), partition_key, shard_id, approximate_arrival_timestamp, `offset`,"
                        + " CAST(JSON_VALUE(CAST(data AS STRING), '$.amount') AS DOUBLE)"
                        + " FROM millrace.`default`.`" + stream + "` /*+ OPTIONS('scan.bounded.mode' = 'latest') */"));

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "{\"amount\": 12.5}|alice|shardId-000000000000|1970-01-01T00:00:01Z|0|12.5",
                        "{\"amount\": 3}|bob|shardId-000000000001|1970-01-01T00:00:02Z|0|3.0");
    }

    @Test
    void catalogTablesHaveEventTimeForWindows() throws Exception {
        String stream = TestStreams.uniqueStream("events");
        TestStreams.createStream(stream, 1);
        TestStreams.put(
                stream,
                List.of(
                        new StreamRecord(0, "k", "x", 10_000L),
                        new StreamRecord(0, "k", "y", 20_000L),
                        new StreamRecord(0, "k", "z", 70_000L)));

        // Hints are not allowed inside TABLE(...): bound the scan in a view, which keeps the watermark.
        tableEnv.executeSql("CREATE TEMPORARY VIEW bounded AS SELECT * FROM millrace.`default`.`" + stream
                + "` /*+ OPTIONS('scan.bounded.mode' = 'latest') */");
        List<String> rows = rows(tableEnv.executeSql(
                "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bounded, DESCRIPTOR(approximate_arrival_timestamp),"
                        + " INTERVAL '1' MINUTE)) GROUP BY window_start, window_end"));

        assertThat(rows).containsExactlyInAnyOrder("1970-01-01T00:00|2", "1970-01-01T00:01|1");
    }

    @Test
    void insertsIntoAStreamThroughTheCatalog() throws Exception {
        String stream = TestStreams.uniqueStream("out");
        TestStreams.createStream(stream, 1);

        tableEnv.executeSql("INSERT INTO millrace.`default`.`" + stream + "` VALUES (CAST('hello' AS BYTES), 'k1')")
                .await();

        List<ConsumerRecord<byte[], byte[]>> records = TestStreams.readAll(stream);
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void unknownStreamAndDroppingAStreamAreClearErrors() throws Exception {
        String stream = TestStreams.uniqueStream("kept");
        TestStreams.createStream(stream, 1);

        assertThatThrownBy(() -> tableEnv.executeSql("SELECT * FROM millrace.`default`.nonexistent"))
                .hasMessageContaining("nonexistent");
        assertThatThrownBy(() -> tableEnv.executeSql("DROP TABLE millrace.`default`.`" + stream + "`"))
                .hasStackTraceContaining("DeleteStream");
    }

    private static List<String> column(TableResult result) throws Exception {
        List<String> values = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(r -> values.add(String.valueOf(r.getField(0))));
        }
        return values;
    }

    private static List<String> rows(TableResult result) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    Object f = row.getField(i);
                    fields.add(f instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(f));
                }
                rows.add(String.join("|", fields));
            }
        }
        return rows;
    }
}
