package io.millrace.firehose.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.BackupKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.MetricsKeys;
import io.millrace.firehose.config.PartitioningKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.config.S3ConnectionKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.config.StreamKeys;
import io.millrace.gateway.protocol.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryStreamTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TranslationEnvironment ENV = new TranslationEnvironment(
            "http://127.0.0.1:9000", "us-east-1", "AKID", "SECRET", true, "firehose-", "", 2);
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    private static ObjectNode request(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static ObjectNode full() throws Exception {
        return request("{'DeliveryStreamName':'web-logs','DeliveryStreamType':'DirectPut',"
                + "'ExtendedS3DestinationConfiguration':{'RoleARN':'" + ROLE + "','BucketARN':'arn:aws:s3:::lake',"
                + "'Prefix':'logs/!{timestamp:yyyy}/','ErrorOutputPrefix':'err/!{firehose:error-output-type}/',"
                + "'BufferingHints':{'SizeInMBs':64,'IntervalInSeconds':60},'CompressionFormat':'HADOOP_SNAPPY',"
                + "'FileExtension':'.log.hsnappy','CustomTimeZone':'Europe/Paris','S3BackupMode':'Enabled',"
                + "'S3BackupConfiguration':{'RoleARN':'" + ROLE + "','BucketARN':'arn:aws:s3:::backup',"
                + "'Prefix':'src/','CompressionFormat':'GZIP','BufferingHints':{'SizeInMBs':10,'IntervalInSeconds':120}},"
                + "'ProcessingConfiguration':{'Enabled':true,'Processors':[{'Type':'AppendDelimiterToRecord',"
                + "'Parameters':[{'ParameterName':'Delimiter','ParameterValue':'\\\\n'}]}]}}}");
    }

    @Test
    void connectorsGetTheGatewaysKafkaSettingsForTheirDeliveryState() throws Exception {
        TranslationEnvironment env = new TranslationEnvironment(
                "http://127.0.0.1:9000",
                "us-east-1",
                "AKID",
                "SECRET",
                true,
                "firehose-",
                "",
                2,
                Map.of(),
                Map.of("bootstrap.servers", "k1:9092,k2:9092", "security.protocol", "SSL"),
                "__segments",
                "__health",
                null,
                true,
                true,
                "__metrics",
                5_000,
                Map.of(),
                "");
        Map<String, String> c = DeliveryStreamTranslator.translate(full(), env);
        assertThat(c)
                .containsEntry(StateKeys.KAFKA_BOOTSTRAP_SERVERS, "k1:9092,k2:9092")
                .containsEntry("kafka.security.protocol", "SSL")
                .containsEntry(StateKeys.SEGMENT_LOG_TOPIC, "__segments")
                .containsEntry(StateKeys.HEALTH_TOPIC, "__health")
                // Delivery metrics to the CloudWatch API's datapoint topic in the same cluster.
                .containsEntry(MetricsKeys.CLOUDWATCH_TOPIC, "__metrics")
                .containsEntry(MetricsKeys.CLOUDWATCH_INTERVAL_MS, "5000");
        assertThat(new FirehoseSinkConfig(c).cloudWatchTopic()).isEqualTo("__metrics");
        assertThat(new FirehoseSinkConfig(c).stateKafkaClientProps())
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("security.protocol", "SSL");
        // Without them (a connector configured by hand), the task keeps its segment log in S3.
        assertThat(DeliveryStreamTranslator.translate(full(), ENV))
                .doesNotContainKey(StateKeys.KAFKA_BOOTSTRAP_SERVERS)
                .doesNotContainKey(MetricsKeys.CLOUDWATCH_TOPIC);
        assertThat(new FirehoseSinkConfig(DeliveryStreamTranslator.translate(full(), ENV)).stateKafkaClientProps())
                .isEmpty();
    }

    @Test
    void translatesAnExtendedS3DestinationIntoAValidConnectorConfiguration() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(full(), ENV);
        assertThat(c)
                .containsEntry("connector.class", "io.millrace.firehose.connect.FirehoseS3SinkConnector")
                .containsEntry("topics", "firehose-web-logs")
                .containsEntry("consumer.override.isolation.level", "read_committed")
                .containsEntry("tasks.max", "2")
                .containsEntry(StreamKeys.DELIVERY_STREAM_NAME, "web-logs")
                .containsEntry(DestinationKeys.S3_BUCKET, "lake")
                .containsEntry(DestinationKeys.S3_PREFIX, "logs/!{timestamp:yyyy}/")
                .containsEntry(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "err/!{firehose:error-output-type}/")
                .containsEntry(DestinationKeys.BUFFERING_SIZE_MB, "64")
                .containsEntry(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "60")
                .containsEntry(DestinationKeys.COMPRESSION_FORMAT, "HADOOP_SNAPPY")
                .containsEntry(DestinationKeys.FILE_EXTENSION, ".log.hsnappy")
                .containsEntry(DestinationKeys.CUSTOM_TIME_ZONE, "Europe/Paris")
                .containsEntry(BackupKeys.S3_BACKUP_MODE, "Enabled")
                .containsEntry(BackupKeys.S3_BACKUP_BUCKET, "backup")
                .containsEntry(BackupKeys.S3_BACKUP_PREFIX, "src/")
                .containsEntry(BackupKeys.S3_BACKUP_COMPRESSION_FORMAT, "GZIP")
                .containsEntry(BackupKeys.S3_BACKUP_BUFFERING_SIZE_MB, "10")
                .containsEntry(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true")
                .containsEntry(ProcessingKeys.PROCESSING_DELIMITER, "\\n")
                .containsEntry(S3ConnectionKeys.S3_ENDPOINT, "http://127.0.0.1:9000");
        // The connector accepts what the translator produces.
        FirehoseSinkConfig config = new FirehoseSinkConfig(c);
        assertThat(config.backupEnabled()).isTrue();
        assertThat(config.destination().bufferSizeBytes()).isEqualTo(64L << 20);
        assertThat(config.delimiter()).isEqualTo("\n");
    }

    @Test
    void appliesAwsDefaults() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request("{'DeliveryStreamName':'s'," + "'ExtendedS3DestinationConfiguration':{'RoleARN':'" + ROLE
                        + "','BucketARN':'arn:aws:s3:::b'}}"),
                ENV);
        assertThat(c)
                .containsEntry(DestinationKeys.BUFFERING_SIZE_MB, "5")
                .containsEntry(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "300")
                .containsEntry(DestinationKeys.COMPRESSION_FORMAT, "UNCOMPRESSED")
                .containsEntry("topics", "firehose-s")
                .doesNotContainKey(BackupKeys.S3_BACKUP_MODE);
    }

    @Test
    void sourcesMapToTheirKafkaTopics() throws Exception {
        String dest = ",'ExtendedS3DestinationConfiguration':{'RoleARN':'" + ROLE + "','BucketARN':'arn:aws:s3:::b'}}";
        assertThat(DeliveryStreamTranslator.translate(
                        request("{'DeliveryStreamName':'s',"
                                + "'DeliveryStreamType':'KinesisStreamAsSource','KinesisStreamSourceConfiguration':{"
                                + "'KinesisStreamARN':'arn:aws:kinesis:us-east-1:000000000000:stream/clicks','RoleARN':'"
                                + ROLE + "'}"
                                + dest),
                        ENV))
                .containsEntry("topics", "clicks");
        assertThat(DeliveryStreamTranslator.translate(
                        request("{'DeliveryStreamName':'s',"
                                + "'DeliveryStreamType':'MSKAsSource','MSKSourceConfiguration':{'MSKClusterARN':'arn:aws:kafka:x',"
                                + "'TopicName':'orders.v1','AuthenticationConfiguration':{'RoleARN':'" + ROLE + "',"
                                + "'Connectivity':'PRIVATE'}}" + dest),
                        ENV))
                .containsEntry("topics", "orders.v1");
    }

    @Test
    void refusesBadRequestsWithAwsErrors() throws Exception {
        expect(
                req -> req.put("DeliveryStreamName", "bad name!"),
                "ValidationException",
                "Member must satisfy regular expression pattern");
        expect(
                req -> req.put("DeliveryStreamName", "x".repeat(65)),
                "ValidationException",
                "length less than or equal to 64");
        expect(req -> req.remove("DeliveryStreamName"), "ValidationException", "Member must not be null");
        expect(
                req -> dest(req).with("BufferingHints").put("SizeInMBs", 129),
                "ValidationException",
                "less than or equal to 128");
        expect(
                req -> dest(req).with("BufferingHints").put("SizeInMBs", 0),
                "ValidationException",
                "greater than or equal to 1");
        expect(
                req -> dest(req).with("BufferingHints").put("IntervalInSeconds", 901),
                "ValidationException",
                "less than or equal to 900");
        expect(req -> dest(req).put("CompressionFormat", "BZIP2"), "ValidationException", "enum value set");
        expect(req -> dest(req).put("BucketARN", "lake"), "ValidationException", "bucketARN");
        expect(req -> dest(req).remove("RoleARN"), "ValidationException", "roleARN");
        expect(req -> dest(req).put("FileExtension", "log"), "ValidationException", "fileExtension");
        expect(req -> dest(req).put("CustomTimeZone", "Mars/Base"), "InvalidArgumentException", "CustomTimeZone");
        expect(
                req -> dest(req).put("ErrorOutputPrefix", ""),
                "InvalidArgumentException",
                "ErrorOutputPrefix cannot be null or empty");
        expect(
                req -> dest(req).put("Prefix", "a/!{firehose:error-output-type}/"),
                "InvalidArgumentException",
                "only allowed in ErrorOutputPrefix");
        expect(req -> dest(req).put("S3BackupMode", "Sometimes"), "ValidationException", "enum value set");
        expect(
                req -> dest(req).remove("S3BackupConfiguration"),
                "InvalidArgumentException",
                "S3BackupConfiguration is required");
        expect(
                req -> req.remove("ExtendedS3DestinationConfiguration"),
                "InvalidArgumentException",
                "destination configuration is required");
        expect(req -> req.putObject("SplunkDestinationConfiguration"), "InvalidArgumentException", "not supported");
        expect(req -> req.put("DeliveryStreamType", "Carrier"), "ValidationException", "enum value set");
        expect(
                req -> req.put("DeliveryStreamType", "KinesisStreamAsSource"),
                "InvalidArgumentException",
                "KinesisStreamSourceConfiguration is required");
        expect(
                req -> ((ObjectNode) dest(req)
                                .get("ProcessingConfiguration")
                                .get("Processors")
                                .get(0))
                        .put("Type", "Decompression")
                        .remove("Parameters"),
                "InvalidArgumentException",
                "not supported yet");
        expect(
                req -> dest(req).putObject("DataFormatConversionConfiguration").put("Enabled", true),
                "InvalidArgumentException",
                "DataFormatConversionConfiguration");
    }

    private static ObjectNode partitioned() throws Exception {
        return request("{'DeliveryStreamName':'clicks','ExtendedS3DestinationConfiguration':{'RoleARN':'" + ROLE
                + "','BucketARN':'arn:aws:s3:::lake',"
                + "'Prefix':'customer_id=!{partitionKeyFromQuery:customer_id}/device=!{partitionKeyFromQuery:device}/"
                + "!{timestamp:yyyy}/','ErrorOutputPrefix':'errors/!{firehose:error-output-type}/',"
                + "'BufferingHints':{'SizeInMBs':64,'IntervalInSeconds':60},"
                + "'DynamicPartitioningConfiguration':{'Enabled':true,'RetryOptions':{'DurationInSeconds':120}},"
                + "'ProcessingConfiguration':{'Enabled':true,'Processors':[{'Type':'MetadataExtraction',"
                + "'Parameters':[{'ParameterName':'MetadataExtractionQuery',"
                + "'ParameterValue':'{customer_id:.customer_id,device:.type.device}'},"
                + "{'ParameterName':'JsonParsingEngine','ParameterValue':'JQ-1.6'}]},"
                + "{'Type':'AppendDelimiterToRecord'}]}}}");
    }

    @Test
    void translatesDynamicPartitioning() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(partitioned(), ENV);
        assertThat(c)
                .containsEntry(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true")
                .containsEntry(PartitioningKeys.DYNAMIC_PARTITIONING_RETRY_DURATION_SECONDS, "120")
                .containsEntry(
                        PartitioningKeys.METADATA_EXTRACTION_QUERY, "{customer_id:.customer_id,device:.type.device}")
                .containsEntry(PartitioningKeys.METADATA_EXTRACTION_JSON_PARSING_ENGINE, "JQ-1.6")
                .containsEntry(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        FirehoseSinkConfig config = new FirehoseSinkConfig(c);
        assertThat(config.dynamicPartitioning()).isTrue();
        assertThat(config.partitioner()).isNotNull();

        // Without BufferingHints a partitioned stream buffers AWS's minimum of 64 MiB.
        ObjectNode noHints = partitioned();
        dest(noHints).remove("BufferingHints");
        assertThat(DeliveryStreamTranslator.translate(noHints, ENV))
                .containsEntry(DestinationKeys.BUFFERING_SIZE_MB, "64");
        // Disabled: the keys are refused in the Prefix, as without the configuration.
        ObjectNode disabled = partitioned();
        ((ObjectNode) dest(disabled).get("DynamicPartitioningConfiguration")).put("Enabled", false);
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(disabled, ENV))
                .hasMessageContaining("require dynamic partitioning");
    }

    @Test
    void refusesDynamicPartitioningAgainstAwsRules() throws Exception {
        expectPartitioned(
                req -> dest(req).with("BufferingHints").put("SizeInMBs", 32),
                "InvalidArgumentException",
                "at least 64");
        expectPartitioned(
                req -> dest(req).with("BufferingHints").put("IntervalInSeconds", 0),
                "InvalidArgumentException",
                "zero buffering");
        expectPartitioned(
                req -> dest(req).remove("ErrorOutputPrefix"),
                "InvalidArgumentException",
                "ErrorOutputPrefix cannot be null or empty");
        expectPartitioned(
                req -> dest(req).put("Prefix", "logs/!{timestamp:yyyy}/"),
                "InvalidArgumentException",
                "at least one !{partitionKeyFromQuery:...}");
        expectPartitioned(
                req -> dest(req)
                        .put(
                                "ErrorOutputPrefix",
                                "errors/!{partitionKeyFromQuery:customer_id}/!{firehose:error-output-type}/"),
                "InvalidArgumentException",
                "not allowed in ErrorOutputPrefix");
        expectPartitioned(
                req -> dest(req).put("Prefix", "c=!{partitionKeyFromQuery:customer_id}/"),
                "InvalidArgumentException",
                "does not use");
        expectPartitioned(
                req -> dest(req)
                        .put(
                                "Prefix",
                                "c=!{partitionKeyFromQuery:customer_id}/"
                                        + "!{partitionKeyFromQuery:device}/!{partitionKeyFromQuery:region}/"),
                "InvalidArgumentException",
                "does not produce");
        expectPartitioned(
                req -> dest(req).put("Prefix", "t=!{partitionKeyFromLambda:tenant}/"),
                "InvalidArgumentException",
                "partitionKeyFromLambda");
        expectPartitioned(
                req -> dest(req).put("Prefix", "!{partitionKeyFromQuery:}/"),
                "InvalidArgumentException",
                "must name a partition key");
        expectPartitioned(
                req -> parameter(req, 0, 1).put("ParameterValue", "JQ-1.5"),
                "InvalidArgumentException",
                "JsonParsingEngine JQ-1.5");
        expectPartitioned(
                req -> parameter(req, 0, 0).put("ParameterValue", "{customer_id: .customer_id"),
                "InvalidArgumentException",
                "not a valid jq 1.6 expression");
        expectPartitioned(
                req -> ((ArrayNode) dest(req).get("ProcessingConfiguration").get("Processors")).remove(0),
                "InvalidArgumentException",
                "requires a MetadataExtraction processor");
        expectPartitioned(
                req -> dest(req)
                        .with("DynamicPartitioningConfiguration")
                        .with("RetryOptions")
                        .put("DurationInSeconds", 7201),
                "ValidationException",
                "less than or equal to 7200");
        // MetadataExtraction is part of dynamic partitioning.
        expect(
                req -> ((ObjectNode) dest(req)
                                .get("ProcessingConfiguration")
                                .get("Processors")
                                .get(0))
                        .put("Type", "MetadataExtraction")
                        .set(
                                "Parameters",
                                JSON.createArrayNode()
                                        .add(JSON.createObjectNode()
                                                .put("ParameterName", "MetadataExtractionQuery")
                                                .put("ParameterValue", "{c: .c}"))
                                        .add(JSON.createObjectNode()
                                                .put("ParameterName", "JsonParsingEngine")
                                                .put("ParameterValue", "JQ-1.6"))),
                "InvalidArgumentException",
                "requires DynamicPartitioningConfiguration.Enabled");
        expect(
                req -> dest(req).put("Prefix", "c=!{partitionKeyFromQuery:customer_id}/"),
                "InvalidArgumentException",
                "require dynamic partitioning");
    }

    private static ObjectNode parameter(ObjectNode req, int processor, int parameter) {
        return (ObjectNode) dest(req)
                .get("ProcessingConfiguration")
                .get("Processors")
                .get(processor)
                .get("Parameters")
                .get(parameter);
    }

    private static void expectPartitioned(Mutation mutation, String errorType, String message) throws Exception {
        ObjectNode req = partitioned();
        mutation.apply(req);
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(req, ENV))
                .as(req.toString())
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(errorType))
                .hasMessageContaining(message);
    }

    private static ObjectNode dest(ObjectNode req) {
        return (ObjectNode) req.get("ExtendedS3DestinationConfiguration");
    }

    private interface Mutation {
        void apply(ObjectNode req);
    }

    private static void expect(Mutation mutation, String errorType, String message) throws Exception {
        ObjectNode req = full();
        mutation.apply(req);
        JsonNode shown = req;
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(req, ENV))
                .as(shown.toString())
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(errorType))
                .hasMessageContaining(message);
    }
}
