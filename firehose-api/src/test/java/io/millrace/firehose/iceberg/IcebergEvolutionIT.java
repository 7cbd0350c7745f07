package io.millrace.firehose.iceberg;

import static io.millrace.firehose.iceberg.IcebergTestTables.buffer;
import static io.millrace.firehose.iceberg.IcebergTestTables.errorLines;
import static io.millrace.firehose.iceberg.IcebergTestTables.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import io.millrace.firehose.config.IcebergSettings.Writes;
import io.millrace.firehose.it.TestStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Schema evolution inside struct columns (new fields of structs, of structs in lists, at two levels, a struct added
 * from one record gaining the fields of another) and each table's own S3ErrorOutputPrefix, against Iceberg's
 * GlueCatalog on the gateway's Glue subset and S3FileIO on the S3 store.
 */
class IcebergEvolutionIT {

    private static final Schema DEVICES = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                    2,
                    "position",
                    Types.StructType.of(
                            Types.NestedField.optional(3, "x", Types.DoubleType.get()),
                            Types.NestedField.optional(
                                    4,
                                    "origin",
                                    Types.StructType.of(
                                            Types.NestedField.optional(5, "name", Types.StringType.get()))))),
            Types.NestedField.optional(
                    6,
                    "readings",
                    Types.ListType.ofOptional(
                            7, Types.StructType.of(Types.NestedField.optional(8, "value", Types.DoubleType.get())))));

    @TempDir
    Path dir;

    /** A table of DEVICES, its database created with the first one. */
    private static Table devices(GlueCatalog catalog, String database, String name) {
        if (!catalog.namespaceExists(Namespace.of(database))) {
            catalog.createNamespace(Namespace.of(database));
        }
        return catalog.createTable(TableIdentifier.of(database, name), DEVICES, PartitionSpec.unpartitioned());
    }

    @Test
    void newFieldsInsideStructColumnsAreAddedAndWritten() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("nested");
        String bucket = lake.bucket();
        String database = lake.database();
        IcebergSettings settings = lake.settings("devices", List.of(), new Writes("", "insert", false, true));
        try (GlueCatalog catalog = IcebergCatalogs.open("nested", settings)) {
            Table table = devices(catalog, database, "devices");
            int x = table.schema().findField("position.x").fieldId();
            IcebergTestTables.delivery("devices", settings, catalog, bucket)
                    .deliver(
                            "devices-1",
                            buffer(
                                    dir,
                                    List.of(
                                            "{\"id\":1,\"position\":{\"x\":1.5}}",
                                            "{\"id\":2,\"position\":{\"X\":2.5,\"y\":3.5,\"origin\":{\"name\":\"a\","
                                                    + "\"code\":7},\"fix\":{\"sats\":4}},"
                                                    + "\"readings\":[{\"value\":1.0,\"unit\":\"C\"}]}",
                                            "{\"id\":3,\"position\":{\"fix\":{\"hdop\":0.9}}}")));

            table.refresh();
            Schema schema = table.schema();
            assertThat(schema.findField("position.y").type()).isEqualTo(Types.DoubleType.get());
            assertThat(schema.findField("position.origin.code").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.findField("position.fix.sats").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.findField("position.fix.hdop").type())
                    .as("a struct added from one record gains another record's fields")
                    .isEqualTo(Types.DoubleType.get());
            assertThat(schema.findField("readings.element.unit").type()).isEqualTo(Types.StringType.get());
            assertThat(schema.findField("position.X"))
                    .as("matched ignoring case, not added")
                    .isNull();
            assertThat(schema.findField("position.x").fieldId())
                    .as("existing fields keep their ids")
                    .isEqualTo(x);
            assertThat(schema.columns()).hasSize(3);

            Map<Long, Record> byId = new TreeMap<>();
            rows(table).forEach(r -> byId.put((Long) r.getField("id"), r));
            assertThat(byId.keySet()).containsExactly(1L, 2L, 3L);
            Record two = (Record) byId.get(2L).getField("position");
            assertThat(two.getField("x")).isEqualTo(2.5);
            assertThat(two.getField("y")).isEqualTo(3.5);
            assertThat(((Record) two.getField("origin")).getField("code")).isEqualTo(7L);
            assertThat(((Record) two.getField("fix")).getField("sats")).isEqualTo(4L);
            assertThat(((Record) ((List<?>) byId.get(2L).getField("readings")).get(0)).getField("unit"))
                    .isEqualTo("C");
            Record three = (Record) byId.get(3L).getField("position");
            assertThat(((Record) three.getField("fix")).getField("hdop")).isEqualTo(0.9);
            assertThat(((Record) byId.get(1L).getField("position")).getField("y"))
                    .as("a row without the new field reads it as null")
                    .isNull();
        }
    }

    @Test
    void withoutSchemaEvolutionNewNestedFieldsAreLeftOut() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("fixed");
        String bucket = lake.bucket();
        String database = lake.database();
        IcebergSettings settings = lake.settings("devices", List.of(), Writes.APPEND);
        try (GlueCatalog catalog = IcebergCatalogs.open("fixed", settings)) {
            Table table = devices(catalog, database, "devices");
            IcebergTestTables.delivery("devices", settings, catalog, bucket)
                    .deliver("devices-1", buffer(dir, List.of("{\"id\":1,\"position\":{\"x\":1.5,\"y\":2}}")));
            table.refresh();
            assertThat(table.schema().findField("position.y")).isNull();
            assertThat(rows(table))
                    .singleElement()
                    .satisfies(r -> assertThat(((Record) r.getField("position")).getField("x"))
                            .isEqualTo(1.5));
        }
    }

    @Test
    void recordsFailingForATableGoUnderItsOwnErrorPrefix() throws Exception {
        IcebergTestTables.Lake lake = IcebergTestTables.Lake.create("tableerrors");
        String bucket = lake.bucket();
        String database = lake.database();
        IcebergSettings settings = lake.settings(
                List.of(
                        new DestinationTable(database, "devices", "devices-errors/"),
                        new DestinationTable(database, "missing", "missing-errors/"),
                        new DestinationTable(database, "plain", "")),
                "to.db",
                "to.table",
                Writes.APPEND);
        try (GlueCatalog catalog = IcebergCatalogs.open("tableerrors", settings)) {
            Table devices = devices(catalog, database, "devices");
            devices(catalog, database, "plain");
            String to = "\"to\":{\"db\":\"" + database + "\",\"table\":";
            IcebergTestTables.delivery("devices", settings, catalog, bucket)
                    .deliver(
                            "mixed-1",
                            buffer(
                                    dir,
                                    List.of(
                                            "{" + to + "\"devices\"},\"id\":1}",
                                            "{" + to + "\"devices\"},\"id\":\"not a number\"}",
                                            "{" + to + "\"missing\"},\"id\":2}",
                                            "{" + to + "\"plain\"},\"id\":\"x\"}",
                                            "{\"id\":3}",
                                            "not json")));
            assertThat(rows(devices)).hasSize(1);
        }
        assertThat(errorLines(bucket, "devices-errors/", "mixed-1"))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("Iceberg.SchemaMismatch"));
        assertThat(errorLines(bucket, "missing-errors/", "mixed-1"))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("Iceberg.NoSuchTable"));
        assertThat(errorLines(bucket, "mixed-1"))
                .as("a table without its own prefix, and records routed to no table: the destination's")
                .hasSize(3);
        assertThat(TestStack.get().s3().listObjectsV2(r -> r.bucket(bucket)).contents().stream()
                        .map(S3Object::key)
                        .filter(k -> k.endsWith("mixed-1")))
                .containsExactlyInAnyOrder("devices-errors/mixed-1", "missing-errors/mixed-1", "IcebergFailed/mixed-1");
    }
}
