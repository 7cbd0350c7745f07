package io.millrace.firehose.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FirehoseSinkConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put(StreamKeys.DELIVERY_STREAM_NAME, "stream");
        m.put(DestinationKeys.S3_BUCKET, "bucket");
        return m;
    }

    @Test
    void defaultsAreAwsDefaults() {
        FirehoseSinkConfig config = new FirehoseSinkConfig(minimal());
        assertThat(config.destination().bufferSizeBytes()).isEqualTo(5L << 20);
        assertThat(config.destination().bufferIntervalMillis()).isEqualTo(300_000L);
        assertThat(config.destination().compression().awsName()).isEqualTo("UNCOMPRESSED");
        assertThat(config.zone().getId()).isEqualTo("UTC");
        assertThat(config.backupEnabled()).isFalse();
    }

    @Test
    void bufferingHintsHaveAwsRanges() {
        for (String[] bad : new String[][] {
            {DestinationKeys.BUFFERING_SIZE_MB, "0"},
            {DestinationKeys.BUFFERING_SIZE_MB, "129"},
            {DestinationKeys.BUFFERING_INTERVAL_SECONDS, "-1"},
            {DestinationKeys.BUFFERING_INTERVAL_SECONDS, "901"}
        }) {
            Map<String, String> m = minimal();
            m.put(bad[0], bad[1]);
            assertThatThrownBy(() -> new FirehoseSinkConfig(m))
                    .as(bad[0] + "=" + bad[1])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad[0]);
        }
        Map<String, String> edge = minimal();
        edge.put(DestinationKeys.BUFFERING_SIZE_MB, "128");
        edge.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "0");
        assertThat(new FirehoseSinkConfig(edge).destination().bufferIntervalMillis())
                .isZero();
    }

    @Test
    void anEnforcedAllowlistRefusesAConnectorWhoseFunctionUrlItDoesNotList() {
        Map<String, String> edited = minimal();
        edited.put(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "http://127.0.0.1:8083/connectors");
        edited.put(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED, "true");
        edited.put(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST, "https://fn.example.com/");
        assertThatThrownBy(() -> new FirehoseSinkConfig(edited))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("matches no entry of " + ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST);

        edited.put(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED, "false");
        assertThat(new FirehoseSinkConfig(edited).lambdaSettings().urlAllowlist())
                .isNull();
    }

    @Test
    void refusesWhatFirehoseRefuses() {
        Map<String, String> compression = minimal();
        compression.put(DestinationKeys.COMPRESSION_FORMAT, "snappy");
        assertThatThrownBy(() -> new FirehoseSinkConfig(compression)).isInstanceOf(ConfigException.class);

        Map<String, String> backup = minimal();
        backup.put(BackupKeys.S3_BACKUP_MODE, "Enabled");
        assertThatThrownBy(() -> new FirehoseSinkConfig(backup)).hasMessageContaining(BackupKeys.S3_BACKUP_BUCKET);

        Map<String, String> prefix = minimal();
        prefix.put(DestinationKeys.S3_PREFIX, "!{timestamp:yyyy}/");
        assertThatThrownBy(() -> new FirehoseSinkConfig(prefix)).hasMessageContaining("ErrorOutputPrefix");

        Map<String, String> extension = minimal();
        extension.put(DestinationKeys.FILE_EXTENSION, "json");
        assertThatThrownBy(() -> new FirehoseSinkConfig(extension))
                .hasMessageContaining(DestinationKeys.FILE_EXTENSION);

        Map<String, String> zone = minimal();
        zone.put(DestinationKeys.CUSTOM_TIME_ZONE, "Mars/Olympus");
        assertThatThrownBy(() -> new FirehoseSinkConfig(zone)).hasMessageContaining(DestinationKeys.CUSTOM_TIME_ZONE);

        Map<String, String> name = minimal();
        name.put(StreamKeys.DELIVERY_STREAM_NAME, "bad name");
        assertThatThrownBy(() -> new FirehoseSinkConfig(name)).hasMessageContaining(StreamKeys.DELIVERY_STREAM_NAME);
    }

    @Test
    void dynamicPartitioningNeedsASourceForEveryPartitionKey() {
        Map<String, String> m = minimal();
        m.put(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true");
        m.put(DestinationKeys.S3_PREFIX, "c=!{partitionKeyFromQuery:customer_id}/");
        m.put(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "errors/!{firehose:error-output-type}/");
        assertThatThrownBy(() -> new FirehoseSinkConfig(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PartitioningKeys.METADATA_EXTRACTION_QUERY);
        m.put(PartitioningKeys.METADATA_EXTRACTION_QUERY, "{customer_id: .customer_id}");
        assertThat(new FirehoseSinkConfig(m).partitioner()).isNotNull();

        Map<String, String> lambda = new HashMap<>(m);
        lambda.put(DestinationKeys.S3_PREFIX, "c=!{partitionKeyFromQuery:customer_id}/t=!{partitionKeyFromLambda:t}/");
        assertThatThrownBy(() -> new FirehoseSinkConfig(lambda))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Lambda");
        // With a Lambda processor, its metadata.partitionKeys feed the Prefix.
        lambda.put(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "http://127.0.0.1:1/transform");
        assertThat(new FirehoseSinkConfig(lambda)
                        .partitioner()
                        .route(
                                "{\"customer_id\":\"c1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                Map.of("t", "tenant-7")))
                .isEqualTo(new io.millrace.firehose.partitioning.RecordPartitioner.Route.Partitioned(
                        io.millrace.firehose.partitioning.PartitionKeys.of(
                                Map.of("customer_id", "c1"), Map.of("t", "tenant-7"))));
        Map<String, String> noErrors = new HashMap<>(m);
        noErrors.remove(DestinationKeys.S3_ERROR_OUTPUT_PREFIX);
        assertThatThrownBy(() -> new FirehoseSinkConfig(noErrors))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ErrorOutputPrefix");
        Map<String, String> off = new HashMap<>(minimal());
        off.put(PartitioningKeys.METADATA_EXTRACTION_QUERY, "{customer_id: .customer_id}");
        assertThatThrownBy(() -> new FirehoseSinkConfig(off))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED);
        assertThat(new FirehoseSinkConfig(minimal()).partitioner()).isNull();
    }

    @Test
    void fileExtensionOverridesTheCompressionDefault() {
        Map<String, String> m = minimal();
        m.put(DestinationKeys.COMPRESSION_FORMAT, "GZIP");
        String defaultKey = new FirehoseSinkConfig(m).destination().keys().dataKey(0, "seed");
        assertThat(defaultKey).endsWith(".gz");
        m.put(DestinationKeys.FILE_EXTENSION, ".json.gz");
        assertThat(new FirehoseSinkConfig(m).destination().keys().dataKey(0, "seed"))
                .endsWith(".json.gz");
    }

    @Test
    void eachDestinationPublishesItsDeliveryMetricsUnderAwssName() {
        assertThat(new FirehoseSinkConfig(minimal()).destinationMetricName()).isEqualTo("DeliveryToS3");
        Map<String, String> http = minimal();
        http.put(HttpEndpointKeys.DESTINATION_TYPE, HttpEndpointKeys.HTTP_ENDPOINT);
        http.put(HttpEndpointKeys.URL, "http://127.0.0.1:8088/in");
        assertThat(new FirehoseSinkConfig(http).destinationMetricName()).isEqualTo("DeliveryToHttpEndpoint");
        Map<String, String> openSearch = minimal();
        openSearch.put(HttpEndpointKeys.DESTINATION_TYPE, OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE);
        openSearch.put(OpenSearchKeys.ENDPOINT_URL, "http://127.0.0.1:9200");
        openSearch.put(OpenSearchKeys.INDEX_NAME, "events");
        assertThat(new FirehoseSinkConfig(openSearch).destinationMetricName())
                .isEqualTo("DeliveryToAmazonOpenSearchService");
    }

    @Test
    void anHttpEndpointDestinationNeedsAnHttpUrlAndAttributesAsAJsonObjectOfStrings() {
        Map<String, String> m = minimal();
        m.put(HttpEndpointKeys.DESTINATION_TYPE, HttpEndpointKeys.HTTP_ENDPOINT);
        m.put(HttpEndpointKeys.URL, "http://127.0.0.1:8088/in");
        m.put(HttpEndpointKeys.ACCESS_KEY, "k1");
        m.put(HttpEndpointKeys.CONTENT_ENCODING, "GZIP");
        m.put(HttpEndpointKeys.COMMON_ATTRIBUTES, "{\"team\":\"data\"}");
        m.put(HttpEndpointKeys.RETRY_DURATION_SECONDS, "0");
        HttpEndpointSettings endpoint = new FirehoseSinkConfig(m).httpEndpoint();
        assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:8088/in");
        assertThat(endpoint.accessKey()).isEqualTo("k1");
        assertThat(endpoint.gzip()).isTrue();
        assertThat(endpoint.commonAttributes()).containsExactly(Map.entry("team", "data"));
        assertThat(endpoint.retryDurationMillis()).isZero();
        assertThat(endpoint.sourceArn()).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/stream");
        assertThat(new FirehoseSinkConfig(minimal()).httpEndpoint()).isNull();

        for (String[] bad : new String[][] {
            {HttpEndpointKeys.URL, "ftp://host/x"},
            {HttpEndpointKeys.COMMON_ATTRIBUTES, "[1]"},
            {HttpEndpointKeys.COMMON_ATTRIBUTES, "{\"n\":1}"},
            {HttpEndpointKeys.RETRY_DURATION_SECONDS, "7201"},
            {PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true"}
        }) {
            Map<String, String> b = new HashMap<>(m);
            b.put(bad[0], bad[1]);
            assertThatThrownBy(() -> new FirehoseSinkConfig(b))
                    .as(bad[0] + "=" + bad[1])
                    .isInstanceOf(ConfigException.class);
        }
    }
}
