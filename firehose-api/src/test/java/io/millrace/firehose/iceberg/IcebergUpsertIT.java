package io.millrace.firehose.iceberg;

import static io.millrace.firehose.iceberg.IcebergTestTables.buffer;
import static io.millrace.firehose.iceberg.IcebergTestTables.countSnapshots;
import static io.millrace.firehose.iceberg.IcebergTestTables.errorLines;
import static io.millrace.firehose.iceberg.IcebergTestTables.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import io.millrace.firehose.config.IcebergSettings.Writes;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.s3.ObjectWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates and deletes by unique keys (equality deletes), their exactly-once application across a replayed buffer,
 * table creation and schema evolution, against Iceberg's GlueCatalog on the gateway's Glue subset and S3FileIO on the
 * S3 store; tables read back with Iceberg's generic reader, which applies the delete files.
 */
class IcebergUpsertIT {

    private static final Schema ACCOUNTS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "owner", Types.StringType.get()),
            Types.NestedField.optional(3, "balance", Types.DecimalType.of(10, 2)));

    @TempDir
    Path dir;

    private static String account(String op, long id, String owner, String balance) {
        return "{\"op\":\"" + op + "\",\"id\":" + id + ",\"owner\":\"" + owner + "\",\"balance\":" + balance + "}";
    }

    /** id to (owner, balance) of the rows read back. */
    private static Map<Long, String> accounts(Table table) throws Exception {
        Map<Long, String> byId = new TreeMap<>();
        for (Record row : rows(table)) {
            String previous =
                    byId.put((Long) row.getField("id"), row.getField("owner") + " " + row.getField("balance"));
            assertThat(previous).as("one row per id").isNull();
        }
        return byId;
    }

    /** A table of ACCOUNTS, unpartitioned, of the given format version. */
    private static Table accounts(GlueCatalog catalog, String database, String name, int formatVersion) {
        return catalog.createTable(
                TableIdentifier.of(database, name),
                ACCOUNTS,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion)));
    }

    @Test
    void updatesAndDeletesReplaceRowsByUniqueKeyAndAReplayAppliesThemOnce() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("upsert");
        String bucket = lake.bucket();
        String database = lake.database();
        IcebergSettings settings = lake.settings(
                List.of(new DestinationTable(database, "accounts", "", List.of("id"), List.of())),
                "",
                "",
                new Writes("op", "insert", false, false));
        List<String> inserts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inserts.add(account("insert", i, "o" + i, i + ".00"));
        }
        List<String> changes = List.of(
                account("update", 3, "carol", "30.00"),
                account("update", 3, "carol", "31.50"), // the last record of a key wins
                "{\"op\":\"delete\",\"id\":5}",
                account("update", 42, "new", "1.00"), // no row yet: the update inserts it
                account("insert", 50, "fresh", "5.00"),
                account("update", 50, "fresh", "6.00"), // replaces the row inserted earlier in the same buffer
                "{\"id\":7,\"owner\":\"again\",\"balance\":7.5}", // no operation: insert (a second row for 7)
                "{\"op\":\"delete\",\"id\":7}", // deletes both rows of 7
                "{\"op\":\"delete\",\"owner\":\"nobody\"}", // no key value: undeliverable
                "{\"op\":\"upsert\",\"id\":1}"); // not an operation: undeliverable
        try (GlueCatalog catalog = IcebergCatalogs.open("upsert", settings)) {
            catalog.createNamespace(Namespace.of(database));
            Table table = accounts(catalog, database, "accounts", 2);
            IcebergDelivery delivery = IcebergTestTables.delivery("accounts", settings, catalog, bucket);
            delivery.deliver("accounts-1", buffer(dir, inserts));
            Path second = buffer(dir, changes);
            delivery.deliver("accounts-2", second);

            Map<Long, String> expected = new TreeMap<>();
            for (long i : new long[] {0, 1, 2, 4, 6, 8, 9}) {
                expected.put(i, "o" + i + " " + i + ".00");
            }
            expected.put(3L, "carol 31.50");
            expected.put(42L, "new 1.00");
            expected.put(50L, "fresh 6.00");
            assertThat(accounts(table)).isEqualTo(expected);
            table.refresh();
            assertThat(table.currentSnapshot().addedDeleteFiles(table.io()))
                    .as("the changes are equality deletes")
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.content()).isEqualTo(FileContent.EQUALITY_DELETES));
            long snapshots = countSnapshots(table);

            // The task died after the commit, before Kafka took the offsets: the buffer comes again, to a new task.
            try (GlueCatalog restarted = IcebergCatalogs.open("restarted", settings)) {
                new IcebergDelivery(
                                "accounts",
                                settings,
                                restarted,
                                bucket,
                                new ObjectWriter(TestStack.get().s3()))
                        .deliver("accounts-2", second);
            }
            assertThat(accounts(table)).as("the replay changes nothing").isEqualTo(expected);
            assertThat(countSnapshots(table)).isEqualTo(snapshots);

            // A later buffer's update replaces a row of an earlier commit again.
            delivery.deliver("accounts-3", buffer(dir, List.of(account("update", 3, "dave", "0.10"))));
            expected.put(3L, "dave 0.10");
            assertThat(accounts(table)).isEqualTo(expected);
        }
        List<String> errors = errorLines(bucket, "accounts-2");
        ObjectMapper json = new ObjectMapper();
        assertThat(errors).hasSize(2);
        assertThat(errors.stream().map(l -> read(json, l).path("errorCode").asText()))
                .containsExactlyInAnyOrder("Iceberg.MissingUniqueKeys", "Iceberg.InvalidOperation");
    }

    @Test
    void updatesOfATableWithoutKeysOrOfFormatVersionOneAreUndeliverable() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("nokeys");
        String bucket = lake.bucket();
        String database = lake.database();
        IcebergSettings settings = lake.settings(
                List.of(
                        new DestinationTable(database, "plain", ""),
                        new DestinationTable(database, "old", "", List.of("id"), List.of())),
                "t",
                "t2",
                new Writes("op", "insert", false, false));
        try (GlueCatalog catalog = IcebergCatalogs.open("nokeys", settings)) {
            catalog.createNamespace(Namespace.of(database));
            Table plain = accounts(catalog, database, "plain", 2);
            Table old = accounts(catalog, database, "old", 1);
            String route = "\"t\":\"" + database + "\",\"t2\":";
            IcebergTestTables.delivery("nokeys", settings, catalog, bucket)
                    .deliver(
                            "nokeys-1",
                            buffer(
                                    dir,
                                    List.of(
                                            "{" + route + "\"plain\",\"op\":\"insert\",\"id\":1}",
                                            "{" + route + "\"plain\",\"op\":\"update\",\"id\":1}",
                                            "{" + route + "\"old\",\"op\":\"delete\",\"id\":1}",
                                            "{" + route + "\"old\",\"id\":2}")));
            assertThat(rows(plain))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getField("id")).isEqualTo(1L));
            assertThat(rows(old))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getField("id")).isEqualTo(2L));
            assertThat(TableUtil.formatVersion(old)).isEqualTo(1);
        }
        List<String> errors = errorLines(bucket, "nokeys-1");
        ObjectMapper json = new ObjectMapper();
        assertThat(errors.stream().map(l -> read(json, l).path("errorMessage").asText()))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("UniqueKeys"))
                .anySatisfy(m -> assertThat(m).contains("format version 2"));
    }

    @Test
    void aMissingTableIsCreatedFromItsRecordsAndNewFieldsBecomeColumns() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("create");
        String bucket = lake.bucket();
        String database = lake.database();
        IcebergSettings settings = lake.settings(
                List.of(new DestinationTable(database, "devices", "", List.of("deviceId", "site"), List.of("site"))),
                "",
                "",
                new Writes("op", "insert", true, true));
        try (GlueCatalog catalog = IcebergCatalogs.open("create", settings)) {
            IcebergDelivery delivery = IcebergTestTables.delivery("devices", settings, catalog, bucket);
            delivery.deliver(
                    "devices-1",
                    buffer(
                            dir,
                            List.of(
                                    "{\"deviceId\":\"d1\",\"site\":\"north\",\"power\":84,\"temp\":21.5,"
                                            + "\"online\":true,\"note\":null,\"tags\":[\"a\",\"b\"],"
                                            + "\"location\":{\"lat\":37.3,\"zip\":24567}}",
                                    "{\"deviceId\":\"d2\",\"site\":\"south\",\"power\":82}")));
            Table table = catalog.loadTable(TableIdentifier.of(database, "devices"));
            Schema schema = table.schema();
            assertThat(schema.findField("deviceId").type()).isEqualTo(Types.StringType.get());
            assertThat(schema.findField("deviceId").isRequired()).isTrue();
            assertThat(schema.identifierFieldNames()).containsExactlyInAnyOrder("deviceId", "site");
            assertThat(schema.findField("power").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.findField("temp").type()).isEqualTo(Types.DoubleType.get());
            assertThat(schema.findField("online").type()).isEqualTo(Types.BooleanType.get());
            assertThat(schema.findField("tags").type().isListType()).isTrue();
            assertThat(schema.findField("location.zip").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.findField("note")).as("null says no type").isNull();
            assertThat(table.spec().fields())
                    .singleElement()
                    .satisfies(
                            f -> assertThat(schema.findColumnName(f.sourceId())).isEqualTo("site"));
            assertThat(TableUtil.formatVersion(table)).isEqualTo(2);
            assertThat(rows(table)).hasSize(2);

            // New fields become columns; the rows written before read them as null. Updates use the created keys.
            delivery.deliver(
                    "devices-2",
                    buffer(
                            dir,
                            List.of(
                                    "{\"op\":\"update\",\"deviceId\":\"d1\",\"site\":\"north\",\"power\":90,"
                                            + "\"firmware\":\"2.1\",\"note\":\"moved\"}",
                                    "{\"deviceId\":\"d3\",\"site\":\"north\",\"power\":\"high\"}")));
            table.refresh();
            assertThat(table.schema().findField("firmware").type()).isEqualTo(Types.StringType.get());
            assertThat(table.schema().findField("note").type()).isEqualTo(Types.StringType.get());
            Map<String, Record> byDevice = new TreeMap<>();
            rows(table).forEach(r -> byDevice.put((String) r.getField("deviceId"), r));
            assertThat(byDevice.keySet()).containsExactly("d1", "d2");
            assertThat(byDevice.get("d1").getField("power")).isEqualTo(90L);
            assertThat(byDevice.get("d1").getField("firmware")).isEqualTo("2.1");
            assertThat(byDevice.get("d1").getField("temp"))
                    .as("the update replaced the whole row")
                    .isNull();
            assertThat(byDevice.get("d2").getField("firmware")).isNull();
        }
        assertThat(errorLines(bucket, "devices-2"))
                .as("a value not of its column's type: columns are never retyped")
                .singleElement()
                .satisfies(l -> assertThat(l).contains("Iceberg.SchemaMismatch"));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
