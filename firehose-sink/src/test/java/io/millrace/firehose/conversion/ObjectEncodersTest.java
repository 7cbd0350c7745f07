package io.millrace.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectEncodersTest {

    private static final HiveType ROW = HiveType.parse(
            "struct<id:bigint,name:string,price:decimal(8,2),ts:timestamp,tags:array<string>,small:tinyint>");
    private static final Schema SCHEMA = AvroSchemas.rowSchema(ROW);

    @TempDir
    Path dir;

    /** The buffer a destination holds: each record converted as it arrived, one after the other. */
    private Path buffer(String... records) throws Exception {
        RecordConverter converter =
                new RecordConverter(new JsonRowReader(ROW, SCHEMA, JsonDeserializer.openXDefaults()));
        Path file = Files.createTempFile(dir, "buffer", ".spool");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (String record : records) {
                ConversionResult result = converter.convert(record.getBytes(StandardCharsets.UTF_8));
                out.write(((ConversionResult.Converted) result).data());
            }
        }
        return file;
    }

    private static final String[] RECORDS = {
        "{\"id\": 1, \"name\": \"ann\", \"price\": \"9.99\", \"ts\": \"2024-05-01T10:00:00Z\", \"tags\": [\"a\"],"
                + " \"small\": 5}",
        "{\"id\": 2}{\"id\": 3, \"name\": \"ced\", \"price\": 0.5, \"tags\": []}",
    };

    @Test
    void parquetHoldsEveryRowWithItsValues() throws Exception {
        ParquetObjectEncoder encoder = new ParquetObjectEncoder(
                SCHEMA, new ParquetObjectEncoder.Options("SNAPPY", 256L << 20, 1 << 20, true, 0, "V1"));

        Path file = encoder.encode(buffer(RECORDS), dir);
        List<GenericRecord> rows = ColumnarReaders.parquet(file);

        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
        assertThat(rows.get(0).get("name").toString()).isEqualTo("ann");
        assertThat(decimal(rows.get(0).get("price"), 2)).isEqualByComparingTo("9.99");
        assertThat(rows.get(0).get("ts"))
                .as("timestamp-millis, read back as an instant")
                .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(rows.get(0).get("tags").toString()).isEqualTo("[a]");
        assertThat(rows.get(0).get("small")).isEqualTo(5);
        assertThat(rows.get(1).get("name")).isNull();
        assertThat(decimal(rows.get(2).get("price"), 2)).isEqualByComparingTo("0.50");
    }

    @Test
    void orcHoldsEveryRowTypedAsTheTable() throws Exception {
        OrcObjectEncoder encoder = new OrcObjectEncoder(
                ROW,
                SCHEMA,
                new OrcObjectEncoder.Options(
                        "ZLIB", 64L << 20, 256L << 20, 10_000, false, 0.05, List.of("id"), 0.05, 0.0, "V0_12"));

        Path file = encoder.encode(buffer(RECORDS), dir);
        ColumnarReaders.Orc orc = ColumnarReaders.orc(file);

        assertThat(orc.schema()).isEqualTo(ROW.toString());
        assertThat(orc.compression()).isEqualTo("ZLIB");
        assertThat(orc.rows()).hasSize(3);
        Map<String, Object> first = orc.rows().get(0);
        assertThat(first)
                .containsEntry("id", 1L)
                .containsEntry("name", "ann")
                .containsEntry("small", 5L)
                .containsEntry("price", new BigDecimal("9.99"))
                .containsEntry("ts", Instant.parse("2024-05-01T10:00:00Z").toEpochMilli())
                .containsEntry("tags", List.of("a"));
        assertThat(orc.rows().get(1)).containsEntry("id", 2L).containsEntry("name", null);
        assertThat(orc.rows().get(2)).containsEntry("tags", List.of());
    }

    private static BigDecimal decimal(Object value, int scale) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }
}
