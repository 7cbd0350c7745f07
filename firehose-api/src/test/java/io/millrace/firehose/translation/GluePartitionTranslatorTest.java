package io.millrace.firehose.translation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.GluePartitionKeys;
import io.millrace.firehose.config.GluePartitionSettings;
import io.millrace.firehose.conversion.CatalogTables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a partitioned stream registers its partitions in the Glue table its SchemaConfiguration names. */
class GluePartitionTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final String GLUE = "http://127.0.0.1:4566";

    private static TranslationEnvironment env(String glueEndpoint) {
        return new TranslationEnvironment(
                "http://127.0.0.1:9000",
                "us-east-1",
                "AKID",
                "SECRET",
                true,
                "firehose-",
                "",
                2,
                Map.of(),
                Map.of(),
                "",
                "",
                null,
                false,
                false,
                "",
                60_000,
                Map.of(),
                glueEndpoint);
    }

    /** A catalog holding table lake.clicks with these PartitionKeys. */
    private static CatalogTables catalog(List<String> partitionKeys) {
        return new CatalogTables() {
            @Override
            public Optional<Table> table(String catalogId, String database, String table, String versionId) {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> partitionKeys(String catalogId, String database, String table) {
                return "lake".equals(database) && "clicks".equals(table)
                        ? Optional.of(partitionKeys)
                        : Optional.empty();
            }
        };
    }

    /** Partitioned by customer_id then year, JSON kept as is: conversion disabled, its table still named. */
    private static ObjectNode request(String prefix, String table) throws Exception {
        return (ObjectNode) JSON.readTree(("{'DeliveryStreamName':'clicks','ExtendedS3DestinationConfiguration':{"
                        + "'RoleARN':'" + ROLE + "','BucketARN':'arn:aws:s3:::lake','Prefix':'" + prefix + "',"
                        + "'ErrorOutputPrefix':'errors/!{firehose:error-output-type}/',"
                        + "'DynamicPartitioningConfiguration':{'Enabled':true},"
                        + "'DataFormatConversionConfiguration':{'Enabled':false,'SchemaConfiguration':{'RoleARN':'"
                        + ROLE + "','DatabaseName':'lake','TableName':'" + table + "','Region':'eu-west-1'}},"
                        + "'ProcessingConfiguration':{'Enabled':true,'Processors':[{'Type':'MetadataExtraction',"
                        + "'Parameters':[{'ParameterName':'MetadataExtractionQuery',"
                        + "'ParameterValue':'{customer_id:.customer_id,year:.year}'},"
                        + "{'ParameterName':'JsonParsingEngine','ParameterValue':'JQ-1.6'}]}]}}}")
                .replace('\'', '"'));
    }

    private static final String PREFIX =
            "clicks/customer_id=!{partitionKeyFromQuery:customer_id}/year=!{partitionKeyFromQuery:year}/";

    @Test
    void aTableWithPartitionKeysThePrefixYieldsGetsItsPartitionsRegisteredEvenWithoutConversion() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request(PREFIX, "clicks"), env(GLUE), catalog(List.of("customer_id", "year")));
        assertThat(c)
                .containsEntry(GluePartitionKeys.PARTITION_KEYS, "customer_id,year")
                .containsEntry(GluePartitionKeys.DATABASE, "lake")
                .containsEntry(GluePartitionKeys.TABLE, "clicks")
                .containsEntry(GluePartitionKeys.CATALOG_ID, "")
                .containsEntry(GluePartitionKeys.ENDPOINT, GLUE)
                .containsEntry(GluePartitionKeys.REGION, "eu-west-1");
        GluePartitionSettings settings = GluePartitionSettings.from(new FirehoseSinkConfig(c));
        assertThat(settings).isNotNull();
        assertThat(settings.partitionKeys()).containsExactly("customer_id", "year");
        assertThat(settings.accessKeyId()).isEqualTo("AKID");
    }

    @Test
    void nothingIsRegisteredWhenAnyPieceIsMissing() throws Exception {
        List<String> keys = List.of("customer_id", "year");
        // The Prefix lacks a key=, or has them in another order than the table.
        assertThat(DeliveryStreamTranslator.translate(
                        request(
                                "clicks/!{partitionKeyFromQuery:customer_id}/year=!{partitionKeyFromQuery:year}/",
                                "clicks"),
                        env(GLUE),
                        catalog(keys)))
                .doesNotContainKey(GluePartitionKeys.PARTITION_KEYS);
        assertThat(DeliveryStreamTranslator.translate(
                        request(PREFIX, "clicks"), env(GLUE), catalog(List.of("year", "customer_id"))))
                .doesNotContainKey(GluePartitionKeys.PARTITION_KEYS);
        // An unpartitioned table, a table the catalog does not have, no Glue endpoint of the platform.
        assertThat(DeliveryStreamTranslator.translate(request(PREFIX, "clicks"), env(GLUE), catalog(List.of())))
                .doesNotContainKey(GluePartitionKeys.PARTITION_KEYS);
        assertThat(DeliveryStreamTranslator.translate(request(PREFIX, "other"), env(GLUE), catalog(keys)))
                .doesNotContainKey(GluePartitionKeys.PARTITION_KEYS);
        assertThat(DeliveryStreamTranslator.translate(request(PREFIX, "clicks"), env(""), catalog(keys)))
                .doesNotContainKey(GluePartitionKeys.PARTITION_KEYS);
    }

    @Test
    void theKeysMustBeFoldersInTheTablesOrder() {
        assertThat(GluePartitionTranslator.foldersFor(List.of("year", "month"), "a/YEAR=x/b/month=y/"))
                .isTrue();
        assertThat(GluePartitionTranslator.foldersFor(List.of("year", "month"), "year=x/month=y"))
                .isFalse();
        assertThat(GluePartitionTranslator.foldersFor(List.of("year", "month"), "month=y/year=x/"))
                .isFalse();
        assertThat(GluePartitionTranslator.foldersFor(List.of("year"), "years=x/"))
                .isFalse();
    }
}
