package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.iceberg.IcebergCatalogs;
import io.millrace.firehose.it.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
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
        TestStack stack = TestStack.get();
        return new IcebergSettings(
                FirehoseTestGateway.shared().endpoint().toString(),
                "",
                "s3://" + bucket + "/warehouse",
                List.of(),
                "",
                "",
                "",
                stack.s3Endpoint().toString(),
                "us-east-1",
                TestStack.ACCESS_KEY,
                TestStack.SECRET_KEY,
                true);
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
                            .processingConfiguration(p -> p.enabled(true)
                                    .processors(pr -> pr.type(ProcessorType.METADATA_EXTRACTION)
                                            .parameters(
                                                    q -> q.parameterName(
                                                                    ProcessorParameterName.METADATA_EXTRACTION_QUERY)
                                                            .parameterValue(
                                                                    "{destinationDatabaseName: .route.db, destinationTableName: .route.table}"),
                                                    q -> q.parameterName(ProcessorParameterName.JSON_PARSING_ENGINE)
                                                            .parameterValue("JQ-1.6"))))
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
            assertThat(client.putRecordBatch(b -> b.deliveryStreamName(stream).records(batch))
                            .failedPutCount())
                    .isZero();

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
    void whatTheSinkDoesNotDoYetIsRefusedByName() {
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName(TestStack.unique("upsert"))
                        .deliveryStreamType("DirectPut")
                        .icebergDestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                                .catalogConfiguration(c -> c.catalogARN("arn:aws:glue:us-east-1:000000000000:catalog"))
                                .destinationTableConfigurationList(DestinationTableConfiguration.builder()
                                        .destinationDatabaseName("db")
                                        .destinationTableName("t")
                                        .uniqueKeys("id")
                                        .build())
                                .s3Configuration(s -> s.roleARN(Streams.ROLE).bucketARN("arn:aws:s3:::b")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("UniqueKeys");
    }

    private static software.amazon.awssdk.services.firehose.model.Record record(String json) {
        return software.amazon.awssdk.services.firehose.model.Record.builder()
                .data(SdkBytes.fromString(json, StandardCharsets.UTF_8))
                .build();
    }
}
