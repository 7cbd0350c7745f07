package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.iceberg.IcebergCatalogs;
import io.millrace.firehose.iceberg.IcebergTestTables;
import io.millrace.firehose.it.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DestinationTableConfiguration;
import software.amazon.awssdk.services.firehose.model.IcebergDestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;

/**
 * IcebergDestinationConfiguration end to end: a delivery stream made through the Firehose API, records put with
 * PutRecordBatch, routed by JSON fields to two Iceberg tables through the gateway's Glue subset, read back with
 * Iceberg's reader.
 */
class IcebergDestinationIT {

    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "region", Types.StringType.get()));
    private static final Schema RETURNS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "reason", Types.StringType.get()));

    private static FirehoseTestGateway firehose;
    private static FirehoseClient client;

    @BeforeAll
    static void start() {
        // Its connectors commit through the shared gateway's Glue API: the same catalog, as every gateway sees it.
        firehose = FirehoseTestGateway.start(Map.of(
                FirehoseConfig.GLUE_ENDPOINT,
                FirehoseTestGateway.shared().endpoint().toString(),
                FirehoseConfig.METADATA_TOPIC,
                TestStack.unique("__millrace_firehose_iceberg_it")));
        client = firehose.client();
    }

    @AfterAll
    static void stop() {
        firehose.close();
    }

    private static IcebergSettings catalogSettings(String bucket) {
        return IcebergTestTables.settings(bucket, List.of(), "", "", IcebergSettings.Writes.APPEND);
    }

    private static long count(Table table) throws IOException {
        table.refresh();
        long n = 0;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            for (Record ignored : rows) {
                n++;
            }
        }
        return n;
    }

    @Test
    void recordsPutThroughTheFirehoseApiAreReadBackFromTheirIcebergTables() throws Exception {
        String stream = TestStack.unique("iceberg");
        String bucket = TestStack.unique("iceberg");
        String database = TestStack.unique("lake").replace('-', '_');
        TestStack.get().createBucket(bucket);
        try (GlueCatalog catalog = IcebergCatalogs.open("test", catalogSettings(bucket))) {
            catalog.createNamespace(Namespace.of(database));
            Table orders = catalog.createTable(
                    TableIdentifier.of(database, "orders"),
                    ORDERS,
                    PartitionSpec.builderFor(ORDERS).identity("region").build());
            Table returns = catalog.createTable(TableIdentifier.of(database, "returns"), RETURNS);

            client.createDeliveryStream(b -> b.deliveryStreamName(stream)
                    .deliveryStreamType("DirectPut")
                    .icebergDestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                            .catalogConfiguration(c -> c.catalogARN("arn:aws:glue:us-east-1:000000000000:catalog")
                                    .warehouseLocation("s3://" + bucket + "/warehouse"))
                            .destinationTableConfigurationList(
                                    DestinationTableConfiguration.builder()
                                            .destinationDatabaseName(database)
                                            .destinationTableName("orders")
                                            .build(),
                                    DestinationTableConfiguration.builder()
                                            .destinationDatabaseName(database)
                                            .destinationTableName("returns")
                                            .build())
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                            .processingConfiguration(metadataExtraction(
                                    "{destinationDatabaseName: .route.db, destinationTableName: .route.table}"))
                            .s3Configuration(s -> s.roleARN(Streams.ROLE)
                                    .bucketARN("arn:aws:s3:::" + bucket)
                                    .errorOutputPrefix("iceberg-failed/"))));
            Streams.awaitActive(client, stream);
            var description = client.describeDeliveryStream(r -> r.deliveryStreamName(stream))
                    .deliveryStreamDescription()
                    .destinations()
                    .get(0)
                    .icebergDestinationDescription();
            assertThat(description.catalogConfiguration().warehouseLocation())
                    .isEqualTo("s3://" + bucket + "/warehouse");
            assertThat(description.destinationTableConfigurationList()).hasSize(2);

            List<software.amazon.awssdk.services.firehose.model.Record> batch = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                batch.add(record("{\"route\":{\"db\":\"" + database + "\",\"table\":\"orders\"},\"id\":" + i
                        + ",\"region\":\"r" + (i % 3) + "\"}"));
            }
            for (int i = 0; i < 10; i++) {
                batch.add(record("{\"route\":{\"db\":\"" + database + "\",\"table\":\"returns\"},\"id\":" + i
                        + ",\"reason\":\"late\"}"));
            }
            batch.add(record("{\"route\":{\"db\":\"" + database + "\",\"table\":\"elsewhere\"},\"id\":1}"));
            put(stream, batch);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(count(orders)).isEqualTo(90);
                        assertThat(count(returns)).isEqualTo(10);
                    });
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            !TestStack.get().list(bucket, "iceberg-failed/").isEmpty());
            assertThat(count(orders)).as("each record once").isEqualTo(90);
        } finally {
            client.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
        }
    }

    @Test
    void upsertsIntoATableTheStreamCreatesAndEvolves() throws Exception {
        String stream = TestStack.unique("iceberg-upsert");
        String bucket = TestStack.unique("iceberg-upsert");
        String database = TestStack.unique("upserts").replace('-', '_');
        TestStack.get().createBucket(bucket);
        try (GlueCatalog catalog = IcebergCatalogs.open("upserts", catalogSettings(bucket))) {
            client.createDeliveryStream(b -> b.deliveryStreamName(stream)
                    .deliveryStreamType("DirectPut")
                    .icebergDestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                            .catalogConfiguration(c -> c.catalogARN("arn:aws:glue:us-east-1:000000000000:catalog")
                                    .warehouseLocation("s3://" + bucket + "/warehouse"))
                            .destinationTableConfigurationList(DestinationTableConfiguration.builder()
                                    .destinationDatabaseName(database)
                                    .destinationTableName("customers")
                                    .uniqueKeys("id")
                                    .build())
                            .tableCreationConfiguration(t -> t.enabled(true))
                            .schemaEvolutionConfiguration(e -> e.enabled(true))
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                            .processingConfiguration(metadataExtraction(
                                    "{destinationDatabaseName: .db, destinationTableName: .tbl, operation: .op}"))
                            .s3Configuration(s -> s.roleARN(Streams.ROLE).bucketARN("arn:aws:s3:::" + bucket))));
            Streams.awaitActive(client, stream);
            var description = client.describeDeliveryStream(r -> r.deliveryStreamName(stream))
                    .deliveryStreamDescription()
                    .destinations()
                    .get(0)
                    .icebergDestinationDescription();
            assertThat(description.destinationTableConfigurationList().get(0).uniqueKeys())
                    .containsExactly("id");
            assertThat(description.tableCreationConfiguration().enabled()).isTrue();

            String route = "\"db\":\"" + database + "\",\"tbl\":\"customers\",";
            List<software.amazon.awssdk.services.firehose.model.Record> inserts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inserts.add(record("{" + route + "\"op\":\"insert\",\"id\":" + i + ",\"name\":\"c" + i + "\"}"));
            }
            put(stream, inserts);
            Table customers = awaitTable(catalog, database, "customers", 20);

            List<software.amazon.awssdk.services.firehose.model.Record> changes = List.of(
                    record("{" + route + "\"op\":\"update\",\"id\":4,\"name\":\"renamed\",\"tier\":\"gold\"}"),
                    record("{" + route + "\"op\":\"delete\",\"id\":5}"),
                    record("{" + route + "\"op\":\"update\",\"id\":99,\"name\":\"late\"}"));
            put(stream, changes);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Map<Long, Record> byId = byId(customers);
                        assertThat(byId).hasSize(20).containsKey(99L).doesNotContainKey(5L);
                        assertThat(byId.get(4L).getField("name")).isEqualTo("renamed");
                        assertThat(byId.get(4L).getField("tier"))
                                .as("a new column")
                                .isEqualTo("gold");
                        assertThat(byId.get(3L).getField("tier")).isNull();
                    });
        } finally {
            client.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
        }
    }

    private static void put(String stream, List<software.amazon.awssdk.services.firehose.model.Record> records) {
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName(stream).records(records))
                        .failedPutCount())
                .isZero();
    }

    /** A MetadataExtraction processor with AWS's JQ-1.6 engine running {@code query}. */
    private static ProcessingConfiguration metadataExtraction(String query) {
        return ProcessingConfiguration.builder()
                .enabled(true)
                .processors(pr -> pr.type(ProcessorType.METADATA_EXTRACTION)
                        .parameters(
                                q -> q.parameterName(ProcessorParameterName.METADATA_EXTRACTION_QUERY)
                                        .parameterValue(query),
                                q -> q.parameterName(ProcessorParameterName.JSON_PARSING_ENGINE)
                                        .parameterValue("JQ-1.6")))
                .build();
    }

    /** The table once it exists and holds {@code rows} rows. */
    private static Table awaitTable(GlueCatalog catalog, String database, String name, int rows) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> catalog.loadTable(TableIdentifier.of(database, name)), t -> {
                    try {
                        return count(t) == rows;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private static Map<Long, Record> byId(Table table) throws IOException {
        table.refresh();
        Map<Long, Record> byId = new java.util.TreeMap<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            for (Record row : rows) {
                assertThat(byId.put((Long) row.getField("id"), row))
                        .as("one row per id")
                        .isNull();
            }
        }
        return byId;
    }

    @Test
    void whatTheSinkDoesNotDoIsRefusedByName() {
        assertRefused(
                d -> d.destinationTableConfigurationList(DestinationTableConfiguration.builder()
                                .destinationDatabaseName("db")
                                .destinationTableName("t")
                                .uniqueKeys("id")
                                .build())
                        .tableCreationConfiguration(t -> t.enabled(true)),
                "WarehouseLocation");
        assertRefused(
                d -> d.processingConfiguration(metadataExtraction("{operation: \"upsert\"}")),
                "insert, update or delete");
        assertRefused(d -> d.s3BackupMode("AllData"), "AllData");
    }

    /** CreateDeliveryStream with an Iceberg destination {@code options} complete fails naming {@code what}. */
    private static void assertRefused(Consumer<IcebergDestinationConfiguration.Builder> options, String what) {
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName(TestStack.unique("refused"))
                        .deliveryStreamType("DirectPut")
                        .icebergDestinationConfiguration(d -> {
                            d.roleARN(Streams.ROLE)
                                    .catalogConfiguration(
                                            c -> c.catalogARN("arn:aws:glue:us-east-1:000000000000:catalog"))
                                    .s3Configuration(
                                            s -> s.roleARN(Streams.ROLE).bucketARN("arn:aws:s3:::b"));
                            options.accept(d);
                        })))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(what);
    }

    private static software.amazon.awssdk.services.firehose.model.Record record(String json) {
        return software.amazon.awssdk.services.firehose.model.Record.builder()
                .data(SdkBytes.fromString(json, StandardCharsets.UTF_8))
                .build();
    }
}
