package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.it.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameterName;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Dynamic partitioning through the Firehose API, as a user sets it up with the SDK: MetadataExtraction with a jq
 * query, {@code !{partitionKeyFromQuery:name}} in the Prefix, records put with PutRecordBatch and read back from S3
 * under their partitions; records whose keys cannot be evaluated in the error output.
 */
class DynamicPartitioningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "{customer_id: .customer_id, year: .event_timestamp|strftime(\"%Y\")}";

    private final TestStack stack = TestStack.get();
    private final FirehoseClient client = FirehoseTestGateway.shared().client();

    private static Processor metadataExtraction(String query, String engine) {
        return Processor.builder()
                .type(ProcessorType.METADATA_EXTRACTION)
                .parameters(
                        p -> p.parameterName(ProcessorParameterName.METADATA_EXTRACTION_QUERY)
                                .parameterValue(query),
                        p -> p.parameterName(ProcessorParameterName.JSON_PARSING_ENGINE)
                                .parameterValue(engine))
                .build();
    }

    private static CreateDeliveryStreamRequest.Builder partitioned(String name, String bucket, int sizeInMBs) {
        return CreateDeliveryStreamRequest.builder()
                .deliveryStreamName(name)
                .deliveryStreamType("DirectPut")
                .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .prefix("customer_id=!{partitionKeyFromQuery:customer_id}/year=!{partitionKeyFromQuery:year}/")
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                        .bufferingHints(h -> h.sizeInMBs(sizeInMBs).intervalInSeconds(1))
                        .dynamicPartitioningConfiguration(
                                p -> p.enabled(true).retryOptions(r -> r.durationInSeconds(60)))
                        .processingConfiguration(c -> c.enabled(true)
                                .processors(
                                        metadataExtraction(QUERY, "JQ-1.6"),
                                        Processor.builder()
                                                .type(ProcessorType.APPEND_DELIMITER_TO_RECORD)
                                                .build())));
    }

    @Test
    void recordsLandUnderTheirPartitionKeysAndFailuresInTheErrorOutput() throws Exception {
        String name = TestStack.unique("partitioned");
        String bucket = TestStack.unique("partitioned-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(partitioned(name, bucket, 64).build());
        ExtendedS3DestinationDescription d =
                Streams.awaitActive(client, name).destinations().get(0).extendedS3DestinationDescription();
        assertThat(d.dynamicPartitioningConfiguration().enabled()).isTrue();
        assertThat(d.processingConfiguration().processors().get(0).type()).isEqualTo(ProcessorType.METADATA_EXTRACTION);

        // 1565382027 is in 2019, 1700000000 in 2023.
        List<Record> records = new ArrayList<>();
        Map<String, List<String>> expected = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            String customer = "c" + (i % 3);
            long timestamp = i < 6 ? 1565382027L : 1700000000L;
            String json =
                    "{\"customer_id\":\"" + customer + "\",\"event_timestamp\":" + timestamp + ",\"n\":" + i + "}";
            records.add(Record.builder().data(SdkBytes.fromUtf8String(json)).build());
            expected.computeIfAbsent(
                            "customer_id=" + customer + "/year=" + (i < 6 ? "2019" : "2023") + "/",
                            k -> new ArrayList<>())
                    .add(json);
        }
        records.add(Record.builder().data(SdkBytes.fromUtf8String("not json")).build());
        records.add(Record.builder()
                .data(SdkBytes.fromUtf8String("{\"event_timestamp\":1}"))
                .build());
        assertThat(client.putRecordBatch(r -> r.deliveryStreamName(name).records(records))
                        .failedPutCount())
                .isZero();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, List<String>> delivered = new TreeMap<>();
                    for (String key : stack.keys(bucket, "customer_id=")) {
                        String prefix = key.substring(0, key.indexOf('/', key.indexOf('/') + 1) + 1);
                        // No default time prefix: the Prefix has expressions; AWS's object name follows the prefix.
                        assertThat(key.substring(prefix.length())).startsWith(name + "-1-");
                        delivered
                                .computeIfAbsent(prefix, k -> new ArrayList<>())
                                .addAll(new String(stack.get(bucket, key), StandardCharsets.UTF_8)
                                        .lines()
                                        .toList());
                    }
                    // The interval may cut the batch in two segments: objects are compared by content, not by count.
                    delivered.values().forEach(Collections::sort);
                    expected.values().forEach(Collections::sort);
                    assertThat(delivered).isEqualTo(expected);

                    List<String> lines = new ArrayList<>();
                    for (String key : stack.keys(bucket, "errors/DynamicPartitioning.MetadataExtractionFailed/")) {
                        lines.addAll(new String(stack.get(bucket, key), StandardCharsets.UTF_8)
                                .lines()
                                .toList());
                    }
                    List<String> rawData = new ArrayList<>();
                    for (String line : lines) {
                        JsonNode envelope = JSON.readTree(line);
                        assertThat(envelope.get("errorCode").asText())
                                .isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
                        assertThat(envelope.get("errorMessage").asText()).isNotBlank();
                        assertThat(envelope.get("arrivalTimestamp").asLong()).isPositive();
                        rawData.add(new String(
                                Base64.getDecoder()
                                        .decode(envelope.get("rawData").asText()),
                                StandardCharsets.UTF_8));
                    }
                    assertThat(rawData).containsExactlyInAnyOrder("not json", "{\"event_timestamp\":1}");
                });
    }

    @Test
    void awsRulesAreEnforcedOnCreateAndUpdate() {
        String bucket = TestStack.unique("partitioned-rules");
        stack.createBucket(bucket);
        assertThatThrownBy(() -> client.createDeliveryStream(
                        partitioned(TestStack.unique("small"), bucket, 32).build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("at least 64");
        assertThatThrownBy(() -> client.createDeliveryStream(partitioned(TestStack.unique("no-errors"), bucket, 64)
                        .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                                .bucketARN("arn:aws:s3:::" + bucket)
                                .prefix("c=!{partitionKeyFromQuery:customer_id}/")
                                .dynamicPartitioningConfiguration(p -> p.enabled(true))
                                .processingConfiguration(c -> c.enabled(true)
                                        .processors(metadataExtraction("{customer_id: .customer_id}", "JQ-1.6"))))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ErrorOutputPrefix");

        // Dynamic partitioning is chosen when a stream is created.
        String plain = TestStack.unique("plain");
        client.createDeliveryStream(Streams.directPut(plain, bucket).build());
        Streams.awaitActive(client, plain);
        assertThatThrownBy(() -> client.updateDestination(r -> r.deliveryStreamName(plain)
                        .currentDeliveryStreamVersionId("1")
                        .destinationId("destinationId-000000000001")
                        .extendedS3DestinationUpdate(u -> u.prefix("c=!{partitionKeyFromQuery:customer_id}/")
                                .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                                .bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(60))
                                .dynamicPartitioningConfiguration(p -> p.enabled(true))
                                .processingConfiguration(c -> c.enabled(true)
                                        .processors(metadataExtraction("{customer_id: .customer_id}", "JQ-1.6"))))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Dynamic partitioning cannot be enabled or disabled");
    }
}
