package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;

/**
 * A delivery stream with dynamic partitioning registers the partitions it writes in the Glue table its
 * SchemaConfiguration names, as a user of Athena, Spark or Trino expects: a table with PartitionKeys made with
 * GlueClient, a stream made with FirehoseClient writing Parquet under {@code year=.../month=.../}, records for two
 * partitions, then GetPartitions lists both with their folders as Location; a restarted connector (which replays
 * what was not committed) registers nothing twice and goes on registering new partitions; a catalog that fails
 * (the table deleted) holds no delivery back, and the partition is registered once it can be.
 */
class GluePartitionRegistrationIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FirehoseTestGateway gateway;

    @BeforeAll
    static void start() {
        // Its connectors register partitions through the shared gateway's Glue API: the same catalog.
        gateway = FirehoseTestGateway.start(Map.of(
                FirehoseConfig.GLUE_ENDPOINT,
                FirehoseTestGateway.shared().endpoint().toString(),
                FirehoseConfig.METADATA_TOPIC,
                TestStack.unique("__millrace_firehose_gluepart_it")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void partitionsWrittenAreRegisteredOnceWithTheirFolderAsLocation() throws Exception {
        TestStack stack = TestStack.get();
        FirehoseClient firehose = gateway.client();
        GlueClient glue = gateway.glue();
        String stream = TestStack.unique("gluepart");
        String bucket = TestStack.unique("gluepart");
        String database = TestStack.unique("lake").replace('-', '_');
        stack.createBucket(bucket);
        glue.createDatabase(r -> r.databaseInput(d -> d.name(database)));
        createTable(glue, database, bucket);

        firehose.createDeliveryStream(r -> r.deliveryStreamName(stream)
                .deliveryStreamType("DirectPut")
                .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .prefix("events/year=!{partitionKeyFromQuery:year}/month=!{partitionKeyFromQuery:month}/")
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                        .bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(1))
                        .dynamicPartitioningConfiguration(p -> p.enabled(true))
                        .processingConfiguration(c -> c.enabled(true).processors(metadataExtraction()))
                        .dataFormatConversionConfiguration(f -> f.schemaConfiguration(s -> s.roleARN(Streams.ROLE)
                                        .databaseName(database)
                                        .tableName("orders"))
                                .inputFormatConfiguration(i -> i.deserializer(x -> x.openXJsonSerDe(o -> {})))
                                .outputFormatConfiguration(o -> o.serializer(x -> x.parquetSerDe(p -> {}))))));
        try {
            Streams.awaitActive(firehose, stream);
            put(firehose, stream, "01", "02", "01");

            Map<List<String>, Partition> first = awaitPartitions(glue, database, 2);
            assertThat(first).containsOnlyKeys(List.of("2024", "01"), List.of("2024", "02"));
            for (Partition p : first.values()) {
                String folder = "events/year=2024/month=" + p.values().get(1) + "/";
                assertThat(p.storageDescriptor().location()).isEqualTo("s3://" + bucket + "/" + folder);
                // The table's StorageDescriptor, as a crawler gives its partitions: readers find the format there.
                assertThat(p.storageDescriptor().inputFormat()).endsWith("MapredParquetInputFormat");
                assertThat(p.storageDescriptor().serdeInfo().serializationLibrary())
                        .endsWith("ParquetHiveSerDe");
                assertThat(p.storageDescriptor().columns())
                        .extracting(Column::name)
                        .containsExactly("id", "item");
                // Registered after the object: the folder holds it.
                assertThat(stack.keys(bucket, folder)).isNotEmpty();
            }

            // The connector restarts (its task replays what was not committed) and gets records for an old and a
            // new partition: the old one exists already (AlreadyExistsException), which is no failure.
            restart("firehose-" + stream);
            put(firehose, stream, "01", "03");
            Map<List<String>, Partition> after = awaitPartitions(glue, database, 3);
            assertThat(after).containsOnlyKeys(List.of("2024", "01"), List.of("2024", "02"), List.of("2024", "03"));
            for (List<String> values : first.keySet()) {
                Instant created = first.get(values).creationTime();
                assertThat(after.get(values).creationTime()).isEqualTo(created);
            }
            assertThat(glue.getPartitions(r ->
                                    r.databaseName(database).tableName("orders").expression("month = '03'"))
                            .partitions())
                    .singleElement()
                    .satisfies(p -> assertThat(p.storageDescriptor().location())
                            .isEqualTo("s3://" + bucket + "/events/year=2024/month=03/"));

            // The table gone: registration fails, delivery does not wait for it; the table back, the retry registers.
            glue.deleteTable(r -> r.databaseName(database).name("orders"));
            // Two objects one after the other: the first one's registration has failed by the time the second is in.
            for (String month : List.of("04", "05")) {
                put(firehose, stream, month);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> !stack.keys(bucket, "events/year=2024/month=" + month + "/")
                                .isEmpty());
            }
            createTable(glue, database, bucket);
            Map<List<String>, Partition> back = awaitPartitions(glue, database, 2);
            assertThat(back).containsOnlyKeys(List.of("2024", "04"), List.of("2024", "05"));
            assertThat(stack.keys(bucket, "errors/")).isEmpty();
        } finally {
            firehose.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
        }
    }

    private static void createTable(GlueClient glue, String database, String bucket) {
        glue.createTable(r -> r.databaseName(database)
                .tableInput(t -> t.name("orders")
                        .tableType("EXTERNAL_TABLE")
                        .partitionKeys(column("year", "string"), column("month", "string"))
                        .storageDescriptor(sd -> sd.columns(column("id", "bigint"), column("item", "string"))
                                .location("s3://" + bucket + "/events/")
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(s -> s.serializationLibrary(
                                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")))));
    }

    private static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }

    private static Processor metadataExtraction() {
        return Processor.builder()
                .type(ProcessorType.METADATA_EXTRACTION)
                .parameters(
                        p -> p.parameterName(ProcessorParameterName.METADATA_EXTRACTION_QUERY)
                                .parameterValue("{year: .year, month: .month}"),
                        p -> p.parameterName(ProcessorParameterName.JSON_PARSING_ENGINE)
                                .parameterValue("JQ-1.6"))
                .build();
    }

    private static void put(FirehoseClient firehose, String stream, String... months) {
        List<Record> records = new java.util.ArrayList<>();
        for (int i = 0; i < months.length; i++) {
            records.add(Record.builder()
                    .data(SdkBytes.fromUtf8String("{\"id\": " + i + ", \"item\": \"x" + i + "\", \"year\": \"2024\","
                            + " \"month\": \"" + months[i] + "\"}"))
                    .build());
        }
        assertThat(firehose.putRecordBatch(r -> r.deliveryStreamName(stream).records(records))
                        .failedPutCount())
                .isZero();
    }

    /** The table's partitions by values, once there are {@code count} of them. */
    private static Map<List<String>, Partition> awaitPartitions(GlueClient glue, String database, int count) {
        Map<List<String>, Partition> found =
                new TreeMap<>((a, b) -> String.join("/", a).compareTo(String.join("/", b)));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    found.clear();
                    for (Partition p : glue.getPartitions(
                                    r -> r.databaseName(database).tableName("orders"))
                            .partitions()) {
                        assertThat(found.put(p.values(), p))
                                .as("partition listed twice")
                                .isNull();
                    }
                    assertThat(found).hasSize(count);
                });
        return found;
    }

    /** Connect's REST API: the connector and its tasks stopped and started again, with the same configuration. */
    private static void restart(String connector) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestStack.get().connectUrl().replaceAll("/$", "") + "/connectors/"
                                + connector + "/restart?includeTasks=true"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(202, 204);
    }
}
