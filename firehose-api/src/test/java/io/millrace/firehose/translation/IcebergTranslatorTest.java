package io.millrace.firehose.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.IcebergKeys;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.gateway.protocol.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IcebergDestinationConfiguration's UniqueKeys, PartitionSpec, a table's S3ErrorOutputPrefix, operations, creation and
 * evolution, translated.
 */
class IcebergTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final TranslationEnvironment ENV = new TranslationEnvironment(
            "http://127.0.0.1:9000", "us-east-1", "AKID", "SECRET", true, "firehose-", "", 1);

    /** A request whose Iceberg destination has {@code members} (single quotes for double) after the required ones. */
    private static ObjectNode request(String catalog, String members) throws Exception {
        return (ObjectNode) JSON.readTree(("{'DeliveryStreamName':'s','IcebergDestinationConfiguration':{'RoleARN':'"
                        + ROLE + "','CatalogConfiguration':{'CatalogARN':'arn:aws:glue:us-east-1:123456789012:catalog'"
                        + catalog + "},'S3Configuration':{'RoleARN':'" + ROLE
                        + "','BucketARN':'arn:aws:s3:::failed'}" + members + "}}")
                .replace('\'', '"'));
    }

    private static String query(String query) {
        return ",'ProcessingConfiguration':{'Enabled':true,'Processors':[{'Type':'MetadataExtraction','Parameters':"
                + "[{'ParameterName':'MetadataExtractionQuery','ParameterValue':'" + query + "'}]}]}";
    }

    @Test
    void uniqueKeysPartitionsOperationsCreationAndEvolutionReachTheSink() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request(
                        ",'WarehouseLocation':'s3://lake/warehouse'",
                        ",'DestinationTableConfigurationList':[{'DestinationDatabaseName':'db','DestinationTableName':"
                                + "'t','UniqueKeys':['id','region'],'PartitionSpec':{'Identity':[{'SourceName':"
                                + "'region'}]},'S3ErrorOutputPrefix':'errors/t/'}],'TableCreationConfiguration':{'Enabled':true},"
                                + "'SchemaEvolutionConfiguration':{'Enabled':false}"
                                + query(
                                        "{destinationDatabaseName: .db, destinationTableName: .t, operation: .meta.op}")),
                ENV);
        assertThat(c)
                .containsEntry(IcebergKeys.OPERATION_FIELD, "meta.op")
                .containsEntry(IcebergKeys.TABLE_CREATION, "true")
                .containsEntry(IcebergKeys.SCHEMA_EVOLUTION, "false");
        IcebergSettings settings = new FirehoseSinkConfig(c).iceberg();
        assertThat(settings.tables())
                .containsExactly(new IcebergSettings.DestinationTable(
                        "db", "t", "errors/t/", List.of("id", "region"), List.of("region")));
        assertThat(settings.writes()).isEqualTo(new IcebergSettings.Writes("meta.op", "insert", true, false));
    }

    @Test
    void aLiteralOperationAppliesToEveryRecordOfTheOneTable() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request(
                        "",
                        ",'DestinationTableConfigurationList':[{'DestinationDatabaseName':'db','DestinationTableName':"
                                + "'t','UniqueKeys':['id']}]" + query("{operation: \\\"Update\\\"}")),
                ENV);
        IcebergSettings settings = new FirehoseSinkConfig(c).iceberg();
        assertThat(settings.routed()).isFalse();
        assertThat(settings.writes()).isEqualTo(new IcebergSettings.Writes("", "update", false, false));
    }

    @Test
    void refusalsAsAwsWordsThem() {
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(
                                "",
                                ",'DestinationTableConfigurationList':[{'DestinationDatabaseName':'db',"
                                        + "'DestinationTableName':'t','UniqueKeys':['two words']}]"),
                        ENV))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("uniqueKeys.member");
        assertThatThrownBy(() ->
                        DeliveryStreamTranslator.translate(request("", ",'SchemaEvolutionConfiguration':{}"), ENV))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("schemaEvolutionConfiguration.enabled");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request("", ",'TableCreationConfiguration':{'Enabled':true}"), ENV))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("WarehouseLocation");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request("", query("{destinationDatabaseName: .db, operation: .op}")), ENV))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("destinationTableName");
    }
}
