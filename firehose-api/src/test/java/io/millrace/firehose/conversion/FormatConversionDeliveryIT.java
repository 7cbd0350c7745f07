package io.millrace.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.it.TestStack;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DataFormatConversionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.Serializer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * DataFormatConversionConfiguration end to end, as a user does it: the table in the Glue catalog with GlueClient,
 * the delivery stream with FirehoseClient, JSON records with PutRecordBatch, then the Parquet or ORC object read
 * back from S3 with the format's own reader, and the record that is not JSON in the error output.
 */
class FormatConversionDeliveryIT {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestStack stack;
    private static FirehoseClient firehose;
    private static GlueClient glue;
    private static String database;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        FirehoseTestGateway gateway = FirehoseTestGateway.shared();
        firehose = gateway.client();
        glue = gateway.glue();
        database = TestStack.unique("analytics");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(database)));
        glue.createTable(r -> r.databaseName(database)
                .tableInput(t -> t.name("events")
                        .storageDescriptor(sd -> sd.columns(
                                column("id", "bigint"),
                                column("name", "string"),
                                column("price", "decimal(10,2)"),
                                column("ts", "timestamp"),
                                column("tags", "array<string>"),
                                column("addr", "struct<city:string,zip:int>")))));
    }

    private static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }

    private static final List<String> RECORDS = List.of(
            "{\"id\": 1, \"name\": \"ann\", \"price\": 9.99, \"ts\": \"2024-05-01T10:00:00Z\", \"tags\": [\"a\",\"b\"],"
                    + " \"addr\": {\"city\": \"Oslo\", \"zip\": 150}}",
            "{\"ID\": 2, \"Name\": \"bob\"}{\"id\": 3, \"price\": \"0.5\", \"unknown\": true}",
            "{\"id\": 4, \"name\": ",
            "{\"id\": 5, \"ts\": 1714557600}");

    private String createStream(String bucket, Consumer<Serializer.Builder> serializer) {
        String stream = TestStack.unique("convert");
        stack.createBucket(bucket);
        firehose.createDeliveryStream(request(stream, bucket, database, "events", "UNCOMPRESSED", 64, serializer)
                .build());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> firehose.describeDeliveryStream(r -> r.deliveryStreamName(stream))
                                .deliveryStreamDescription()
                                .deliveryStreamStatus()
                        == DeliveryStreamStatus.ACTIVE);
        firehose.putRecordBatch(r -> r.deliveryStreamName(stream)
                .records(RECORDS.stream()
                        .map(json -> Record.builder()
                                .data(SdkBytes.fromUtf8String(json))
                                .build())
                        .toList()));
        return stream;
    }

    private static CreateDeliveryStreamRequest.Builder request(
            String stream,
            String bucket,
            String db,
            String table,
            String compression,
            int sizeMb,
            Consumer<Serializer.Builder> serializer) {
        return CreateDeliveryStreamRequest.builder()
                .deliveryStreamName(stream)
                .deliveryStreamType("DirectPut")
                .extendedS3DestinationConfiguration(d -> d.roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .prefix("events/")
                        .compressionFormat(compression)
                        .bufferingHints(h -> h.sizeInMBs(sizeMb).intervalInSeconds(1))
                        .dataFormatConversionConfiguration(DataFormatConversionConfiguration.builder()
                                .schemaConfiguration(
                                        s -> s.roleARN(ROLE).databaseName(db).tableName(table))
                                .inputFormatConfiguration(i -> i.deserializer(x -> x.openXJsonSerDe(o -> {})))
                                .outputFormatConfiguration(o -> o.serializer(serializer))
                                .build()));
    }

    /** Every object under {@code prefix}, once the expected number of them is there. */
    private List<Path> download(String bucket, String prefix, String extension, int atLeast) {
        List<Path> files = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    files.clear();
                    List<String> keys = stack.keys(bucket, prefix);
                    assertThat(keys).allSatisfy(k -> assertThat(k).endsWith(extension));
                    assertThat(keys).hasSizeGreaterThanOrEqualTo(atLeast);
                    for (String key : keys) {
                        Path file = Files.createTempFile(dir, "object", extension);
                        Files.write(file, stack.get(bucket, key));
                        files.add(file);
                    }
                });
        return files;
    }

    /** The malformed record, in AWS's envelope, under <Prefix>format-conversion-failed/yyyy/MM/dd/HH/. */
    private void assertMalformedRecordInErrorOutput(String bucket, String stream) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(stack.keys(bucket, "events/format-conversion-failed/"))
                        .hasSize(1));
        String key = stack.keys(bucket, "events/format-conversion-failed/").get(0);
        assertThat(key)
                .matches("events/format-conversion-failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + stream + "-1-.+")
                .doesNotEndWith(".parquet")
                .doesNotEndWith(".orc");
        String[] lines = new String(stack.get(bucket, key), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        JsonNode envelope = JSON.readTree(lines[0]);
        assertThat(envelope.path("ErrorCode").asText()).isEqualTo("DataFormatConversion.MalformedData");
        assertThat(envelope.path("ErrorMessage").asText()).contains("not valid JSON");
        assertThat(new String(
                        Base64.getDecoder().decode(envelope.path("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo(RECORDS.get(2));
        assertThat(envelope.path("attemptsMade").asInt()).isEqualTo(1);
        assertThat(envelope.path("arrivalTimestamp").asLong()).isPositive();
        assertThat(envelope.path("dataCatalogTable").path("databaseName").asText())
                .isEqualTo(database);
        assertThat(envelope.path("dataCatalogTable").path("tableName").asText()).isEqualTo("events");
        assertThat(envelope.path("dataCatalogTable").path("catalogId").asText()).isEqualTo("000000000000");
    }

    @Test
    void jsonRecordsBecomeParquetReadBackWithExactValues() throws Exception {
        String bucket = TestStack.unique("parquet-bucket");
        String stream = createStream(bucket, s -> s.parquetSerDe(p -> p.compression("GZIP")));

        List<GenericRecord> rows = new ArrayList<>();
        // Records 1, 2 (two objects), 3 and 5: five rows.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            rows.clear();
            for (Path file : download(bucket, "events/2", ".parquet", 1)) {
                rows.addAll(ColumnarReaders.parquet(file));
            }
            assertThat(rows).hasSize(4);
        });
        for (String key : stack.keys(bucket, "events/2")) {
            assertThat(key)
                    .matches("events/\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + stream + "-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}"
                            + "\\.parquet");
        }
        rows.sort(Comparator.comparingLong(r -> (Long) r.get("id")));
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 5L);
        GenericRecord first = rows.get(0);
        assertThat(first.get("name").toString()).isEqualTo("ann");
        assertThat(decimal(first.get("price"))).isEqualByComparingTo("9.99");
        assertThat(first.get("ts")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(first.get("tags").toString()).isEqualTo("[a, b]");
        GenericRecord addr = (GenericRecord) first.get("addr");
        assertThat(addr.get("city").toString()).isEqualTo("Oslo");
        assertThat(addr.get("zip")).isEqualTo(150);
        assertThat(rows.get(1).get("name").toString())
                .as("keys match columns ignoring case")
                .isEqualTo("bob");
        assertThat(rows.get(1).get("price")).isNull();
        assertThat(decimal(rows.get(2).get("price"))).isEqualByComparingTo("0.50");
        assertThat(rows.get(3).get("ts")).as("epoch seconds").isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));

        assertMalformedRecordInErrorOutput(bucket, stream);
        assertThat(firehose.describeDeliveryStream(r -> r.deliveryStreamName(stream))
                        .deliveryStreamDescription()
                        .destinations()
                        .get(0)
                        .extendedS3DestinationDescription()
                        .dataFormatConversionConfiguration()
                        .schemaConfiguration()
                        .tableName())
                .isEqualTo("events");
    }

    @Test
    void jsonRecordsBecomeOrcReadBackWithExactValues() throws Exception {
        String bucket = TestStack.unique("orc-bucket");
        String stream = createStream(bucket, s -> s.orcSerDe(o -> o.compression("ZLIB")));

        List<Map<String, Object>> rows = new ArrayList<>();
        String schema = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (rows.size() < 4 && System.nanoTime() < deadline) {
            rows.clear();
            for (Path file : download(bucket, "events/2", ".orc", 1)) {
                ColumnarReaders.Orc orc = ColumnarReaders.orc(file);
                assertThat(orc.compression()).isEqualTo("ZLIB");
                schema = orc.schema();
                rows.addAll(orc.rows());
            }
            Thread.sleep(500);
        }
        assertThat(schema)
                .isEqualTo("struct<id:bigint,name:string,price:decimal(10,2),ts:timestamp,"
                        + "tags:array<string>,addr:struct<city:string,zip:int>>");
        rows.sort(Comparator.comparingLong(r -> (Long) r.get("id")));
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 5L);
        assertThat(rows.get(0))
                .containsEntry("name", "ann")
                .containsEntry("price", new BigDecimal("9.99"))
                .containsEntry("ts", Instant.parse("2024-05-01T10:00:00Z").toEpochMilli())
                .containsEntry("tags", List.of("a", "b"))
                .containsEntry("addr", List.of("Oslo", 150L));
        assertThat(rows.get(1)).containsEntry("name", "bob").containsEntry("price", null);
        assertThat(rows.get(2)).containsEntry("price", new BigDecimal("0.50"));

        assertMalformedRecordInErrorOutput(bucket, stream);
    }

    @Test
    void updateDestinationSwitchesParquetToOrc() throws Exception {
        String bucket = TestStack.unique("switch-bucket");
        String stream = createStream(bucket, s -> s.parquetSerDe(p -> {}));
        download(bucket, "events/2", ".parquet", 1);

        firehose.updateDestination(r -> r.deliveryStreamName(stream)
                .currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.dataFormatConversionConfiguration(c -> c.outputFormatConfiguration(
                        o -> o.serializer(s -> s.orcSerDe(x -> x.compression("SNAPPY")))))));

        // Version 2 of the stream writes ORC: its objects carry -2- and .orc, read with the ORC reader.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    firehose.putRecord(r -> r.deliveryStreamName(stream)
                            .record(x -> x.data(SdkBytes.fromUtf8String("{\"id\": 42, \"name\": \"after\"}"))));
                    List<String> orc = stack.keys(bucket, "events/2").stream()
                            .filter(k -> k.endsWith(".orc"))
                            .toList();
                    assertThat(orc).isNotEmpty().allSatisfy(k -> assertThat(k).contains(stream + "-2-"));
                    Path file = Files.createTempFile(dir, "switched", ".orc");
                    Files.write(file, stack.get(bucket, orc.get(0)));
                    ColumnarReaders.Orc read = ColumnarReaders.orc(file);
                    assertThat(read.compression()).isEqualTo("SNAPPY");
                    assertThat(read.rows())
                            .first()
                            .satisfies(row ->
                                    assertThat(row).containsEntry("id", 42L).containsEntry("name", "after"));
                });
    }

    @Test
    void firehoseRefusesWhatItCannotConvert() {
        String bucket = TestStack.unique("refused-bucket");
        Consumer<Serializer.Builder> parquet = s -> s.parquetSerDe(p -> {});
        assertThatThrownBy(() -> firehose.createDeliveryStream(
                        request(TestStack.unique("s"), bucket, database, "no_such_table", "UNCOMPRESSED", 64, parquet)
                                .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> firehose.createDeliveryStream(
                        request(TestStack.unique("s"), bucket, database, "events", "GZIP", 64, parquet)
                                .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("UNCOMPRESSED");
        assertThatThrownBy(() -> firehose.createDeliveryStream(
                        request(TestStack.unique("s"), bucket, database, "events", "UNCOMPRESSED", 5, parquet)
                                .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("at least 64");
        assertThatThrownBy(() -> firehose.createDeliveryStream(request(
                                TestStack.unique("s"),
                                bucket,
                                database,
                                "events",
                                "UNCOMPRESSED",
                                64,
                                s -> s.parquetSerDe(p -> {}).orcSerDe(o -> {}))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Exactly one serializer");
    }

    private static BigDecimal decimal(Object value) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new BigDecimal(new BigInteger(bytes), 2);
    }
}
