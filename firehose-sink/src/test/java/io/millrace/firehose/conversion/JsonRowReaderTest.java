package io.millrace.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonRowReaderTest {

    private static final HiveType ROW = HiveType.parse("struct<id:bigint,name:string,score:double,ok:boolean,"
            + "price:decimal(8,2),day:date,ts:timestamp,tags:array<string>,attrs:map<string,int>,"
            + "addr:struct<city:string,zip:smallint>,code:varchar(3)>");

    private static List<GenericRecord> read(JsonDeserializer deserializer, String json) throws ConversionException {
        return new JsonRowReader(ROW, AvroSchemas.rowSchema(ROW), deserializer)
                .read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static GenericRecord one(String json) throws ConversionException {
        List<GenericRecord> rows = read(JsonDeserializer.openXDefaults(), json);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryTypeAndLeavesMissingKeysNull() throws Exception {
        GenericRecord row = one("{\"ID\": 7, \"name\": \"ann\", \"score\": 1.5, \"ok\": true, \"price\": 12.345,"
                + " \"day\": \"2024-02-29\", \"ts\": \"2017-02-07T15:13:01.39256Z\", \"tags\": [\"a\", null],"
                + " \"attrs\": {\"x\": 1}, \"addr\": {\"City\": \"Oslo\", \"zip\": \"150\"}, \"code\": \"ABCDE\","
                + " \"extra\": 1}");

        assertThat(row.get("id")).isEqualTo(7L);
        assertThat(row.get("name")).isEqualTo("ann");
        assertThat(row.get("score")).isEqualTo(1.5);
        assertThat(row.get("ok")).isEqualTo(true);
        assertThat(new BigDecimal(new BigInteger(bytes(row.get("price"))), 2)).isEqualByComparingTo("12.35");
        assertThat(row.get("day")).isEqualTo((int) LocalDate.parse("2024-02-29").toEpochDay());
        assertThat(row.get("ts"))
                .isEqualTo(Instant.parse("2017-02-07T15:13:01.392Z").toEpochMilli());
        assertThat((List<Object>) row.get("tags")).containsExactly("a", null);
        assertThat((Map<Object, Object>) row.get("attrs")).containsEntry("x", 1);
        GenericRecord addr = (GenericRecord) row.get("addr");
        assertThat(addr.get("city")).isEqualTo("Oslo");
        assertThat(addr.get("zip")).isEqualTo(150);
        assertThat(row.get("code")).as("varchar(3) keeps 3 characters").isEqualTo("ABC");

        GenericRecord sparse = one("{\"id\": 1}");
        assertThat(sparse.get("name")).isNull();
        assertThat(sparse.get("addr")).isNull();
    }

    @Test
    void readsOpenXTimestampForms() throws Exception {
        long expected = Instant.parse("2018-02-07T19:58:48Z").toEpochMilli();
        assertThat(one("{\"ts\": 1518033528}").get("ts")).isEqualTo(expected);
        assertThat(one("{\"ts\": 1518033528123}").get("ts")).isEqualTo(expected + 123);
        assertThat(one("{\"ts\": 1518033528.123}").get("ts")).isEqualTo(expected + 123);
        assertThat(one("{\"ts\": \"2018-2-7 19:58:48.5\"}").get("ts")).isEqualTo(expected + 500);
    }

    @Test
    void severalObjectsInOneRecordAreSeveralRows() throws Exception {
        List<GenericRecord> rows = read(JsonDeserializer.openXDefaults(), "{\"id\":1}{\"id\":2}\n{\"id\":3}");

        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void openXOptionsMapKeys() throws Exception {
        JsonDeserializer mapped = new JsonDeserializer(true, false, Map.of("name", "user.name"), true, List.of());

        GenericRecord row =
                read(mapped, "{\"user.name\": \"bo\", \"ID\": 3, \"a.b\": 1}").get(0);

        assertThat(row.get("name")).isEqualTo("bo");
        assertThat(row.get("id")).as("CaseInsensitive false: ID is not id").isNull();
    }

    @Test
    void hiveTimestampFormats() throws Exception {
        JsonDeserializer hive =
                new JsonDeserializer(false, true, Map.of(), false, List.of("dd/MM/yyyy HH:mm", "millis"));

        assertThat(read(hive, "{\"ts\": \"07/02/2018 19:58\"}").get(0).get("ts"))
                .isEqualTo(Instant.parse("2018-02-07T19:58:00Z").toEpochMilli());
        assertThat(read(hive, "{\"ts\": 1518033528123}").get(0).get("ts")).isEqualTo(1518033528123L);
        assertThat(read(hive, "{\"ts\": \"2018-02-07 19:58:48\"}").get(0).get("ts"))
                .isEqualTo(Instant.parse("2018-02-07T19:58:48Z").toEpochMilli());
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThatThrownBy(() -> one("{\"id\": \"seven\"}"))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> one("{\"addr\": {\"zip\": 70000}}")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> one("{\"id\": 1")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> one("[{\"id\": 1}, {\"id\": 2}]")).hasMessageContaining("array");
        assertThatThrownBy(() -> one("\"text\"")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> one("  ")).hasMessageContaining("no JSON object");
        assertThatThrownBy(() -> one("{\"price\": 1234567.1}")).hasMessageContaining("does not fit");
    }

    private static byte[] bytes(Object value) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
