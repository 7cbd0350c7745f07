package io.millrace.firehose.iceberg;

import static io.millrace.firehose.iceberg.IcebergTestTables.buffer;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.sql.SqlScriptRunner;
import io.millrace.analytics.sql.StatementOutcome;
import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.Writes;
import io.millrace.firehose.it.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg tables the Firehose sink writes (created from the records, then updated and deleted by UniqueKeys through
 * equality deletes) read back with Flink SQL: the SQL script runner of Millrace's SQL applications, on a Flink
 * mini-cluster, loading Iceberg's Flink runtime with {@code ADD JAR} and its GlueCatalog on the gateway's Glue subset
 * with {@code CREATE CATALOG}, exactly the statements the README gives.
 */
class IcebergFlinkSqlIT {

    @TempDir
    Path dir;

    @Test
    void aFlinkSqlQueryReadsTheRowsFirehoseWroteWithUpsertsAppliedOnce() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("flinksql");
        String database = lake.database();
        IcebergSettings settings = lake.settings("accounts", List.of("id"), new Writes("op", "insert", true, false));
        try (GlueCatalog catalog = IcebergCatalogs.open("flinksql", settings)) {
            IcebergDelivery delivery = IcebergTestTables.delivery("accounts", settings, catalog, lake.bucket());
            delivery.deliver(
                    "accounts-1",
                    buffer(
                            dir,
                            List.of(
                                    "{\"id\":1,\"owner\":\"ann\",\"balance\":10}",
                                    "{\"id\":2,\"owner\":\"bob\",\"balance\":20}",
                                    "{\"id\":3,\"owner\":\"cid\",\"balance\":30}")));
            delivery.deliver(
                    "accounts-2",
                    buffer(
                            dir,
                            List.of(
                                    "{\"op\":\"update\",\"id\":2,\"owner\":\"bob\",\"balance\":25}",
                                    "{\"op\":\"update\",\"id\":2,\"owner\":\"bob\",\"balance\":26}",
                                    "{\"op\":\"delete\",\"id\":3}",
                                    "{\"op\":\"update\",\"id\":4,\"owner\":\"dan\",\"balance\":40}")));
        }

        String jar = System.getProperty("millrace.iceberg.flink.jar");
        assertThat(Files.isRegularFile(Path.of(jar))).as(jar).isTrue();
        String script = "ADD JAR '" + jar + "';\n"
                + "CREATE CATALOG lake WITH (\n"
                + "  'type' = 'iceberg',\n"
                + "  'catalog-impl' = 'org.apache.iceberg.aws.glue.GlueCatalog',\n"
                + "  'glue.endpoint' = '" + FirehoseTestGateway.shared().endpoint() + "',\n"
                + "  'warehouse' = 's3://" + lake.bucket() + "/warehouse',\n"
                + "  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',\n"
                + "  's3.endpoint' = '" + TestStack.get().s3Endpoint() + "',\n"
                + "  's3.path-style-access' = 'true',\n"
                + "  's3.access-key-id' = '" + TestStack.ACCESS_KEY + "',\n"
                + "  's3.secret-access-key' = '" + TestStack.SECRET_KEY + "',\n"
                + "  'client.region' = 'us-east-1',\n"
                + "  'client.credentials-provider' = 'io.millrace.firehose.iceberg.IcebergCredentials',\n"
                + "  'client.credentials-provider.access-key-id' = '" + TestStack.ACCESS_KEY + "',\n"
                + "  'client.credentials-provider.secret-access-key' = '" + TestStack.SECRET_KEY + "',\n"
                + "  'http-client.type' = 'urlconnection');\n"
                + "SELECT id, owner, balance FROM lake." + database + ".accounts;\n";
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<StatementOutcome> outcomes;
        try (SqlScriptRunner runner = SqlScriptRunner.local(new SqlScriptRunner.Settings(
                null, Map.of(), Map.of(), new PrintStream(printed, true, StandardCharsets.UTF_8)))) {
            outcomes = runner.run(script);
        }

        Map<Long, String> byId = new TreeMap<>();
        for (Row row : outcomes.get(outcomes.size() - 1).rows()) {
            String previous = byId.put((Long) row.getField(0), row.getField(1) + " " + row.getField(2));
            assertThat(previous).as("one row per id: " + printed).isNull();
        }
        assertThat(byId)
                .as("inserted, updated twice (the last wins), deleted, updated without a row (inserted)")
                .isEqualTo(Map.of(1L, "ann 10", 2L, "bob 26", 4L, "dan 40"));
    }
}
