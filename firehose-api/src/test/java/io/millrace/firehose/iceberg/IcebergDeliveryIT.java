package io.millrace.firehose.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.TableVersion;

/**
 * The Iceberg destination against the platform's own parts: Iceberg's GlueCatalog committing through the gateway's
 * Glue subset, S3FileIO on the S3 store, the tables read back with Iceberg's generic reader.
 */
class IcebergDeliveryIT {

    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "region", Types.StringType.get()),
            Types.NestedField.optional(3, "price", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(4, "at", Types.TimestampType.withZone()));
    private static final Schema RETURNS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "reason", Types.StringType.get()));

    @TempDir
    Path dir;

    private static IcebergSettings settings(String bucket, String database) {
        return IcebergTestTables.settings(
                bucket,
                List.of(new DestinationTable(database, "orders", ""), new DestinationTable(database, "returns", "")),
                "destination.database",
                "destination.table",
                IcebergSettings.Writes.APPEND);
    }

    private Path buffer(List<String> records) throws IOException {
        return IcebergTestTables.buffer(dir, records);
    }

    private static List<Record> rows(Table table) throws IOException {
        return IcebergTestTables.rows(table);
    }

    @Test
    void recordsAreRoutedToTheirTablesAndAReplayedBufferIsCommittedOnce() throws Exception {
        String bucket = TestStack.unique("lake");
        String database = TestStack.unique("firehose_db").replace('-', '_');
        TestStack.get().createBucket(bucket);
        IcebergSettings settings = settings(bucket, database);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add("{\"destination\":{\"database\":\"" + database + "\",\"table\":\"orders\"},\"id\":" + i
                    + ",\"region\":\"" + (i % 2 == 0 ? "eu" : "us") + "\",\"price\":" + i + ".5,\"at\":"
                    + "\"2026-12-07T08:00:00Z\"}");
        }
        records.add("{\"destination\":{\"database\":\"" + database + "\",\"table\":\"returns\"},\"ID\":7,"
                + "\"reason\":\"damaged\",\"extra\":true}");
        records.add("not json");
        records.add("{\"destination\":{\"database\":\"" + database + "\",\"table\":\"nope\"},\"id\":1}");
        records.add("{\"destination\":{\"database\":\"" + database + "\",\"table\":\"orders\"},\"id\":\"x\"}");
        Path file = buffer(records);

        try (GlueCatalog catalog = IcebergCatalogs.open("test", settings)) {
            catalog.createNamespace(Namespace.of(database));
            Table orders = catalog.createTable(
                    TableIdentifier.of(database, "orders"),
                    ORDERS,
                    PartitionSpec.builderFor(ORDERS).identity("region").build());
            Table returns = catalog.createTable(TableIdentifier.of(database, "returns"), RETURNS);
            IcebergDelivery delivery = new IcebergDelivery(
                    "orders-stream",
                    settings,
                    catalog,
                    bucket,
                    new ObjectWriter(TestStack.get().s3()));

            delivery.deliver("2026/12/07/08/orders-stream-1-2026-12-07-08-00-00-abc", file);
            List<Record> orderRows = rows(orders);
            assertThat(orderRows).hasSize(50);
            assertThat(orderRows.stream().map(r -> r.getField("id")).distinct()).hasSize(50);
            assertThat(orderRows)
                    .filteredOn(r -> r.getField("id").equals(3L))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.getField("region")).isEqualTo("us");
                        assertThat(r.getField("price")).isEqualTo(new java.math.BigDecimal("3.50"));
                    });
            assertThat(orders.currentSnapshot().allManifests(orders.io())).isNotEmpty();
            assertThat(rows(returns))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getField("reason")).isEqualTo("damaged"));
            long snapshots = countSnapshots(orders);

            // The task died after the commit, before Kafka took the offsets: the same buffer comes again.
            delivery.deliver("2026/12/07/08/orders-stream-1-2026-12-07-08-00-00-abc", file);
            try (GlueCatalog restarted = IcebergCatalogs.open("restarted", settings)) {
                new IcebergDelivery(
                                "orders-stream",
                                settings,
                                restarted,
                                bucket,
                                new ObjectWriter(TestStack.get().s3()))
                        .deliver("2026/12/07/08/orders-stream-1-2026-12-07-08-00-00-abc", file);
            }
            assertThat(rows(orders)).as("each record once").hasSize(50);
            assertThat(countSnapshots(orders)).isEqualTo(snapshots);
            assertThat(rows(returns)).hasSize(1);

            delivery.deliver("2026/12/07/08/orders-stream-1-2026-12-07-08-05-00-def", file);
            assertThat(rows(orders)).as("another buffer is appended").hasSize(100);
        }

        String errors = TestStack.get()
                .s3()
                .getObjectAsBytes(r ->
                        r.bucket(bucket).key("IcebergFailed/2026/12/07/08/orders-stream-1-2026-12-07-08-00-00-abc"))
                .asUtf8String();
        List<String> lines = errors.lines().toList();
        ObjectMapper json = new ObjectMapper();
        assertThat(lines)
                .as("not JSON, no such table, a value not of its column's type")
                .hasSize(3);
        assertThat(json.readTree(lines.get(0)).path("rawData").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8)));

        // What Iceberg's GlueCatalog keeps in the catalog, through the Glue API.
        var glue = FirehoseTestGateway.shared().glue();
        var table = glue.getTable(r -> r.databaseName(database).name("orders")).table();
        assertThat(table.parameters()).containsEntry("table_type", "ICEBERG");
        assertThat(table.parameters().get("metadata_location")).startsWith("s3://" + bucket + "/warehouse/");
        assertThat(Integer.parseInt(table.versionId()))
                .as("one commit per delivered buffer")
                .isGreaterThanOrEqualTo(2);
        assertThat(glue.getTableVersions(r -> r.databaseName(database).tableName("orders"))
                        .tableVersions())
                .extracting(TableVersion::versionId)
                .contains(table.versionId());
    }

    @Test
    void aLargeBufferIsOneCommitOfItsRows() throws Exception {
        String bucket = TestStack.unique("lake");
        String database = TestStack.unique("firehose_big").replace('-', '_');
        TestStack.get().createBucket(bucket);
        IcebergSettings oneTable = IcebergTestTables.settings(
                bucket, List.of(new DestinationTable(database, "orders", "")), "", "", IcebergSettings.Writes.APPEND);
        List<String> records = new ArrayList<>();
        long bytes = 0;
        String padding = "x".repeat(120);
        for (int i = 0; bytes < 8L << 20; i++) {
            String record = "{\"id\":" + i + ",\"region\":\"r" + (i % 4) + "-" + padding + "\",\"price\":1.25,"
                    + "\"at\":1765094400000}";
            records.add(record);
            bytes += record.length();
        }
        Path file = buffer(records);
        try (GlueCatalog catalog = IcebergCatalogs.open("big", oneTable)) {
            catalog.createNamespace(Namespace.of(database));
            Table orders = catalog.createTable(TableIdentifier.of(database, "orders"), ORDERS);
            long start = System.nanoTime();
            new IcebergDelivery(
                            "big",
                            oneTable,
                            catalog,
                            bucket,
                            new ObjectWriter(TestStack.get().s3()))
                    .deliver("big-1", file);
            double seconds = (System.nanoTime() - start) / 1e9;
            // A figure for the report, not an assertion: the machine's load decides it.
            System.out.printf(
                    "Iceberg delivery: %d records, %.1f MiB in %.2f s: %.1f MiB/s%n",
                    records.size(), bytes / 1048576.0, seconds, bytes / 1048576.0 / seconds);
            assertThat(rows(orders)).hasSize(records.size());
            assertThat(countSnapshots(orders)).as("one buffer, one commit").isEqualTo(1);
        }
    }

    private static long countSnapshots(Table table) {
        return IcebergTestTables.countSnapshots(table);
    }
}
