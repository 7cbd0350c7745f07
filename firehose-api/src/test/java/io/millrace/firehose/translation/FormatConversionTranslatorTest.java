package io.millrace.firehose.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.conversion.ConversionConfig;
import io.millrace.firehose.conversion.HiveType;
import io.millrace.firehose.conversion.OrcObjectEncoder;
import io.millrace.firehose.conversion.ParquetObjectEncoder;
import io.millrace.gateway.protocol.ApiException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FormatConversionTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TranslationEnvironment ENV = new TranslationEnvironment(
            "http://127.0.0.1:9000", "eu-west-1", "AKID", "SECRET", true, "firehose-", "", 1);
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final CatalogTables TABLES =
            (catalogId, database, table, versionId) -> database.equals("db") && table.equals("events")
                    ? Optional.of(new CatalogTables.Table(
                            "000000000000", "3", HiveType.parse("struct<id:bigint,tags:array<string>>")))
                    : Optional.empty();

    private static ObjectNode request(String conversion) throws Exception {
        return (ObjectNode) JSON.readTree(("{'DeliveryStreamName':'events','ExtendedS3DestinationConfiguration':{"
                        + "'RoleARN':'" + ROLE
                        + "','BucketARN':'arn:aws:s3:::lake','DataFormatConversionConfiguration':"
                        + conversion + "}}")
                .replace('\'', '"'));
    }

    private static final String SCHEMA =
            "'SchemaConfiguration':{'RoleARN':'" + ROLE + "','DatabaseName':'db','TableName':'events'}";

    @Test
    void parquetWithOpenXBecomesConnectorKeysWithTheTableColumns() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request("{" + SCHEMA + ","
                        + "'InputFormatConfiguration':{'Deserializer':{'OpenXJsonSerDe':{'CaseInsensitive':false,"
                        + "'ConvertDotsInJsonKeysToUnderscores':true,'ColumnToJsonKeyMappings':{'id':'event.id'}}}},"
                        + "'OutputFormatConfiguration':{'Serializer':{'ParquetSerDe':{'Compression':'GZIP',"
                        + "'BlockSizeBytes':67108864,'PageSizeBytes':65536,'WriterVersion':'V2'}}}}"),
                ENV,
                TABLES);

        assertThat(c)
                .containsEntry(ConversionConfig.ENABLED, "true")
                .containsEntry(ConversionConfig.COLUMNS, "struct<id:bigint,tags:array<string>>")
                .containsEntry(ConversionConfig.DATABASE, "db")
                .containsEntry(ConversionConfig.TABLE, "events")
                .containsEntry(ConversionConfig.CATALOG_ID, "000000000000")
                .containsEntry(ConversionConfig.REGION, "eu-west-1")
                .containsEntry(ConversionConfig.VERSION_ID, "LATEST")
                .containsEntry(ConversionConfig.DESERIALIZER, "OpenXJsonSerDe")
                .containsEntry(ConversionConfig.OPENX_CASE_INSENSITIVE, "false")
                .containsEntry(ConversionConfig.OPENX_CONVERT_DOTS, "true")
                .containsEntry(ConversionConfig.OPENX_KEY_MAPPINGS, "id=event.id")
                .containsEntry(ConversionConfig.SERIALIZER, "ParquetSerDe")
                .containsEntry(ConversionConfig.PARQUET_COMPRESSION, "GZIP")
                .containsEntry(ConversionConfig.PARQUET_WRITER_VERSION, "V2")
                .as("conversion buffers 128 MiB unless told")
                .containsEntry(DestinationKeys.BUFFERING_SIZE_MB, "128");
        FirehoseSinkConfig config = new FirehoseSinkConfig(c);
        assertThat(config.conversion().encoder()).isInstanceOf(ParquetObjectEncoder.class);
        assertThat(config.destination().keys().dataKey(0, "seed")).endsWith(".parquet");
    }

    @Test
    void orcWithHiveSerDe() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request("{" + SCHEMA + ","
                        + "'InputFormatConfiguration':{'Deserializer':{'HiveJsonSerDe':{'TimestampFormats':['millis']}}},"
                        + "'OutputFormatConfiguration':{'Serializer':{'OrcSerDe':{'Compression':'NONE','RowIndexStride':2000,"
                        + "'BloomFilterColumns':['id'],'FormatVersion':'V0_11'}}}}"),
                ENV,
                TABLES);

        assertThat(c)
                .containsEntry(ConversionConfig.DESERIALIZER, "HiveJsonSerDe")
                .containsEntry(ConversionConfig.HIVE_TIMESTAMP_FORMATS, "millis")
                .containsEntry(ConversionConfig.SERIALIZER, "OrcSerDe")
                .containsEntry(ConversionConfig.ORC_COMPRESSION, "NONE")
                .containsEntry(ConversionConfig.ORC_ROW_INDEX_STRIDE, "2000")
                .containsEntry(ConversionConfig.ORC_BLOOM_FILTER_COLUMNS, "id")
                .containsEntry(ConversionConfig.ORC_FORMAT_VERSION, "V0_11");
        FirehoseSinkConfig config = new FirehoseSinkConfig(c);
        assertThat(config.conversion().encoder()).isInstanceOf(OrcObjectEncoder.class);
        assertThat(config.destination().keys().dataKey(0, "seed")).endsWith(".orc");
    }

    @Test
    void disabledConversionConvertsNothing() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(request("{'Enabled':false}"), ENV, TABLES);

        assertThat(c).doesNotContainKey(ConversionConfig.ENABLED);
        assertThat(new FirehoseSinkConfig(c).conversion()).isNull();
    }

    @Test
    void refusesAsFirehoseDoes() throws Exception {
        String io = ",'InputFormatConfiguration':{'Deserializer':{'OpenXJsonSerDe':{}}},"
                + "'OutputFormatConfiguration':{'Serializer':{'ParquetSerDe':{}}}";
        expect(
                "{" + SCHEMA.replace("events", "missing") + io + "}",
                r -> {},
                "InvalidArgumentException",
                "Table missing");
        expect(
                "{" + SCHEMA + io + "}",
                r -> dest(r).put("CompressionFormat", "GZIP"),
                "InvalidArgumentException",
                "UNCOMPRESSED");
        expect(
                "{" + SCHEMA + io + "}",
                r -> dest(r).putObject("BufferingHints").put("SizeInMBs", 63),
                "InvalidArgumentException",
                "at least 64");
        expect(
                "{" + SCHEMA + ",'InputFormatConfiguration':{'Deserializer':{}},"
                        + "'OutputFormatConfiguration':{'Serializer':{'ParquetSerDe':{}}}}",
                r -> {},
                "InvalidArgumentException",
                "Exactly one deserializer");
        expect(
                "{" + SCHEMA + io.replace("'ParquetSerDe':{}", "'ParquetSerDe':{'PageSizeBytes':1024}") + "}",
                r -> {},
                "ValidationException",
                "greater than or equal to 65536");
        expect(
                "{" + SCHEMA + io.replace("'ParquetSerDe':{}", "'ParquetSerDe':{'Compression':'LZO'}") + "}",
                r -> {},
                "ValidationException",
                "enum value set");
        expect(
                "{" + SCHEMA.replace("'TableName':'events'", "'TableName':'a b'") + io + "}",
                r -> {},
                "ValidationException",
                "^\\S+$");
        expect(
                "{'SchemaConfiguration':{'DatabaseName':'db','TableName':'events'}" + io + "}",
                r -> {},
                "InvalidArgumentException",
                "RoleARN");
        CatalogTables badColumns = (a, b, c, d) -> {
            throw new IllegalArgumentException("column x of type 'uniontype<int>': unsupported Hive type");
        };
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(request("{" + SCHEMA + io + "}"), ENV, badColumns))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("InvalidArgumentException"))
                .hasMessageContaining("uniontype");
    }

    private static ObjectNode dest(ObjectNode request) {
        return (ObjectNode) request.get("ExtendedS3DestinationConfiguration");
    }

    private static void expect(String conversion, Consumer<ObjectNode> change, String errorType, String message)
            throws Exception {
        ObjectNode req = request(conversion);
        change.accept(req);
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(req, ENV, TABLES))
                .as(req.toString())
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(errorType))
                .hasMessageContaining(message);
    }
}
