package io.millrace.analytics.sqljar;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * The queries {@link SqlJarIT} runs in a JVM whose class path is Flink's own jars and the SQL jar: copies one stream
 * into another through {@code 'connector' = 'millrace'}, reads the copy back, and lists the catalog's tables, printing
 * each row as {@code ROW <row>}. Uses Flink's API and the JDK only, so nothing of Millrace comes from anywhere but
 * the SQL jar.
 *
 * <p>Arguments: Kafka bootstrap servers, the input stream, the output stream.
 */
public final class SqlJarQueries {

    private SqlJarQueries() {}

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tableEnv.getConfig().set("table.local-time-zone", "UTC");
        tableEnv.getConfig().set("parallelism.default", "1");
        for (int i = 1; i <= 2; i++) {
            tableEnv.executeSql("CREATE TABLE stream" + i + " (customer STRING, amount DOUBLE,"
                    + " partition_key STRING METADATA, shard_id STRING METADATA VIRTUAL)"
                    + " WITH ('connector' = 'millrace', 'stream' = '" + args[i] + "', 'format' = 'json',"
                    + " 'bootstrap.servers' = '" + bootstrapServers + "', 'scan.bounded.mode' = 'latest')");
        }
        tableEnv.executeSql("INSERT INTO stream2 SELECT customer, amount * 2, partition_key FROM stream1")
                .await();
        print(tableEnv.executeSql("SELECT customer, amount, partition_key, shard_id FROM stream2"));
        tableEnv.executeSql(
                "CREATE CATALOG millrace WITH ('type' = 'millrace', 'bootstrap.servers' = '" + bootstrapServers + "')");
        print(tableEnv.executeSql("SHOW TABLES FROM millrace.`default`"));
    }

    private static void print(TableResult result) throws Exception {
        try (CloseableIterator<Row> rows = result.collect()) {
            rows.forEachRemaining(row -> System.out.println("ROW " + row));
        }
    }
}
