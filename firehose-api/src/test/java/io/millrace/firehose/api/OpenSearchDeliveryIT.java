package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.opensearch.OpenSearchDelivery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationDescription;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * AmazonopensearchserviceDestinationConfiguration from the SDK's FirehoseClient to a real OpenSearch node in the test
 * JVM: documents indexed once each in the rotated index, after a transformation function; a document the index's
 * mapping refuses in the S3 backup in AWS's envelope; UpdateDestination and DescribeDeliveryStream.
 */
class OpenSearchDeliveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("uuuu-MM-dd-HH").withZone(ZoneOffset.UTC);
    private final TestStack stack = TestStack.get();
    private final FirehoseClient client = FirehoseTestGateway.shared().client();

    private static CreateDeliveryStreamRequest openSearchStream(
            String name, String bucket, Consumer<AmazonopensearchserviceDestinationConfiguration.Builder> more) {
        return CreateDeliveryStreamRequest.builder()
                .deliveryStreamName(name)
                .deliveryStreamType("DirectPut")
                .amazonopensearchserviceDestinationConfiguration(d -> {
                    d.roleARN(Streams.ROLE)
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                            .s3Configuration(s -> s.roleARN(Streams.ROLE)
                                    .bucketARN("arn:aws:s3:::" + bucket)
                                    .prefix("backup/")
                                    .errorOutputPrefix("failed/"));
                    more.accept(d);
                })
                .build();
    }

    private void put(String stream, List<String> records) {
        for (int from = 0; from < records.size(); from += 500) {
            List<Record> batch = new ArrayList<>();
            for (String r : records.subList(from, Math.min(records.size(), from + 500))) {
                batch.add(Record.builder()
                        .data(SdkBytes.fromString(r, StandardCharsets.UTF_8))
                        .build());
            }
            assertThat(client.putRecordBatch(b -> b.deliveryStreamName(stream).records(batch))
                            .failedPutCount())
                    .isZero();
        }
    }

    private static List<String> orders(String prefix, int count) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add("{\"order\":\"" + prefix + i + "\",\"amount\":" + i + "}");
        }
        return records;
    }

    @Test
    void documentsAreIndexedOnceEachInTheHourlyIndexAfterProcessingAndUpdatesTakeEffect() throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String stream = TestStack.unique("os");
        String bucket = TestStack.unique("os");
        String index = stream.toLowerCase();
        stack.createBucket(bucket);
        try {
            long before = System.currentTimeMillis();
            client.createDeliveryStream(openSearchStream(
                    stream,
                    bucket,
                    d -> d.clusterEndpoint(node.url())
                            .indexName(index)
                            .indexRotationPeriod("OneHour")
                            .s3BackupMode("AllDocuments")
                            .retryOptions(o -> o.durationInSeconds(60))
                            .processingConfiguration(p -> p.enabled(true)
                                    .processors(Processor.builder()
                                            .type("Lambda")
                                            .parameters(ProcessorParameter.builder()
                                                    .parameterName("LambdaArn")
                                                    .parameterValue("java:" + EnrichFunction.class.getName())
                                                    .build())
                                            .build()))));
            var active = Streams.awaitActive(client, stream);
            AmazonopensearchserviceDestinationDescription described =
                    active.destinations().get(0).amazonopensearchserviceDestinationDescription();
            assertThat(described.clusterEndpoint()).isEqualTo(node.url());
            assertThat(described.indexName()).isEqualTo(index);
            assertThat(described.indexRotationPeriodAsString()).isEqualTo("OneHour");
            assertThat(described.s3BackupModeAsString()).isEqualTo("AllDocuments");
            assertThat(described.retryOptions().durationInSeconds()).isEqualTo(60);
            assertThat(described.bufferingHints().sizeInMBs()).isEqualTo(1);
            assertThat(described.documentIdOptions().defaultDocumentIdFormatAsString())
                    .isEqualTo("FIREHOSE_DEFAULT");
            assertThat(described.s3DestinationDescription().bucketARN()).isEqualTo("arn:aws:s3:::" + bucket);

            List<String> records = orders("o-", 500);
            put(stream, records);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> node.count(index + "-*") >= records.size());
            long after = System.currentTimeMillis();
            List<JsonNode> documents = node.documents(index + "-*");
            // Exactly once: as many documents as records, each order once, each transformed.
            assertThat(documents).hasSize(records.size());
            Set<String> seen = new TreeSet<>();
            for (JsonNode document : documents) {
                assertThat(seen.add(document.path("_source").path("order").asText()))
                        .as("indexed once: %s", document)
                        .isTrue();
                assertThat(document.path("_source").path("processed").asBoolean())
                        .isTrue();
                // OneHour: the index is the name and the UTC hour the record arrived in.
                assertThat(document.path("_index").asText())
                        .isIn(
                                index + "-" + HOUR.format(Instant.ofEpochMilli(before)),
                                index + "-" + HOUR.format(Instant.ofEpochMilli(after)));
            }
            assertThat(seen).hasSize(records.size());
            // AllDocuments: every source record (as received) is in the S3 backup too.
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> text(bucket, "backup/").length()
                            == records.stream().mapToInt(String::length).sum());
            assertThat(stack.keys(bucket, "failed/")).isEmpty();

            client.updateDestination(u -> u.deliveryStreamName(stream)
                    .currentDeliveryStreamVersionId(active.versionId())
                    .destinationId(active.destinations().get(0).destinationId())
                    .amazonopensearchserviceDestinationUpdate(o -> o.indexName(index + "-monthly")
                            .indexRotationPeriod("OneMonth")
                            .documentIdOptions(i -> i.defaultDocumentIdFormat("NO_DOCUMENT_ID"))));
            AmazonopensearchserviceDestinationDescription updated = Streams.describe(client, stream)
                    .destinations()
                    .get(0)
                    .amazonopensearchserviceDestinationDescription();
            assertThat(updated.indexName()).isEqualTo(index + "-monthly");
            assertThat(updated.indexRotationPeriodAsString()).isEqualTo("OneMonth");
            assertThat(updated.clusterEndpoint()).isEqualTo(node.url());
            assertThat(updated.s3BackupModeAsString()).isEqualTo("AllDocuments");
            put(stream, orders("late-", 5));
            String month = DateTimeFormatter.ofPattern("uuuu-MM")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> node.count(index + "-monthly-*") >= 5);
            List<JsonNode> late = node.documents(index + "-monthly-*");
            assertThat(late).hasSize(5);
            assertThat(late)
                    .allSatisfy(d -> assertThat(d.path("_index").asText())
                            .startsWith(index + "-monthly-")
                            .matches(".*-" + month.substring(0, 4) + "-\\d\\d"));
        } finally {
            deleteIfCreated(stream);
        }
    }

    @Test
    void aDocumentTheMappingRefusesGoesToTheS3BackupInAwsEnvelopeAfterTheRetryDuration() throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String stream = TestStack.unique("osfail");
        String bucket = TestStack.unique("osfail");
        String index = stream.toLowerCase();
        stack.createBucket(bucket);
        assertThat(node.createIndex(index, "{\"mappings\":{\"properties\":{\"amount\":{\"type\":\"long\"}}}}"))
                .isTrue();
        try {
            createUnrotatedStream(node, stream, bucket, index, 2);
            long before = System.currentTimeMillis();
            String bad = "{\"order\":\"bad\",\"amount\":\"not a number\"}";
            put(stream, List.of("{\"order\":\"a\",\"amount\":1}", bad, "{\"order\":\"b\",\"amount\":2}"));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !stack.keys(bucket, "failed/AmazonOpenSearchService-failed/")
                            .isEmpty());
            String[] lines =
                    text(bucket, "failed/AmazonOpenSearchService-failed/").split("\n");
            assertThat(lines).hasSize(1);
            JsonNode envelope = JSON.readTree(lines[0]);
            assertThat(new String(
                            Base64.getDecoder().decode(envelope.path("rawData").asText()), StandardCharsets.UTF_8))
                    .isEqualTo(bad);
            assertThat(envelope.path("errorCode").asText()).isEqualTo("400");
            assertThat(envelope.path("errorMessage").asText()).contains("mapper_parsing_exception");
            assertThat(envelope.path("esIndexName").asText()).isEqualTo(index);
            assertThat(envelope.path("esDocumentId").asText()).matches("[0-9a-f-]{36}");
            assertThat(envelope.path("attemptsMade").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(envelope.path("arrivalTimestamp").asLong()).isGreaterThanOrEqualTo(before - 1000);
            assertThat(envelope.path("attemptEndingTimestamp").asLong()
                            - envelope.path("arrivalTimestamp").asLong())
                    .isGreaterThanOrEqualTo(2000);
            // The others were indexed, once; FailedDocumentsOnly backs up nothing else.
            assertThat(node.count(index)).isEqualTo(2);
            assertThat(node.documents(index))
                    .extracting(d -> d.path("_source").path("order").asText())
                    .containsExactlyInAnyOrder("a", "b");
            assertThat(stack.keys(bucket, "backup/")).isEmpty();
        } finally {
            deleteIfCreated(stream);
        }
    }

    @Test
    void aClusterThatCannotBeReachedSendsTheDocumentsToS3AfterTheRetryDuration() throws Exception {
        String stream = TestStack.unique("osdown");
        String bucket = TestStack.unique("osdown");
        stack.createBucket(bucket);
        int closedPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try {
            client.createDeliveryStream(openSearchStream(
                    stream,
                    bucket,
                    d -> d.clusterEndpoint("http://127.0.0.1:" + closedPort)
                            .indexName("down")
                            .retryOptions(o -> o.durationInSeconds(1))));
            Streams.awaitActive(client, stream);
            put(stream, List.of("{\"order\":\"x\"}", "{\"order\":\"y\"}"));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !stack.keys(bucket, "failed/AmazonOpenSearchService-failed/")
                            .isEmpty());
            List<JsonNode> envelopes = new ArrayList<>();
            for (String line :
                    text(bucket, "failed/AmazonOpenSearchService-failed/").split("\n")) {
                envelopes.add(JSON.readTree(line));
            }
            assertThat(envelopes)
                    .extracting(e -> new String(
                            Base64.getDecoder().decode(e.path("rawData").asText()), StandardCharsets.UTF_8))
                    .containsExactly("{\"order\":\"x\"}", "{\"order\":\"y\"}");
            assertThat(envelopes).allSatisfy(e -> {
                assertThat(e.path("errorCode").asText()).isEqualTo("OS.ConnectionFailed");
                // OneDay by default: the index the document was meant for carries the arrival day.
                assertThat(e.path("esIndexName").asText()).matches("down-\\d{4}-\\d{2}-\\d{2}");
                assertThat(e.path("attemptsMade").asInt()).isGreaterThanOrEqualTo(2);
            });
        } finally {
            deleteIfCreated(stream);
        }
    }

    /**
     * A task that indexed a buffer and stopped before Kafka committed its offsets delivers the same buffer again under
     * the same name: FIREHOSE_DEFAULT ids make the second delivery overwrite the first instead of adding to it.
     */
    @Test
    void aBufferDeliveredAgainAfterAReplayOverwritesItsDocuments() throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String index = TestStack.unique("osreplay").toLowerCase();
        OpenSearchDelivery delivery = OpenSearchDestinations.delivery(
                new FirehoseSinkConfig(OpenSearchDestinations.props("replay", "replay", "unused", node.url(), index)),
                System::currentTimeMillis);
        Path buffer = OpenSearchDestinations.buffer(orders("r-", 50));
        delivery.deliver("replay/segment-0", buffer);
        List<JsonNode> first = node.documents(index);
        delivery.deliver("replay/segment-0", buffer);
        List<JsonNode> second = node.documents(index);
        assertThat(second).hasSize(50);
        assertThat(second)
                .extracting(d -> d.path("_id").asText())
                .containsExactlyInAnyOrderElementsOf(
                        first.stream().map(d -> d.path("_id").asText()).toList());
        // The second delivery replaced each document: version 2 of the same id.
        String id = second.get(0).path("_id").asText();
        assertThat(node.call("GET", "/" + index + "/_doc/" + id, null)
                        .path("_version")
                        .asInt())
                .isEqualTo(2);
        Files.delete(buffer);
    }

    /**
     * A buffer delivered in part (one document refused by the index's strict mapping, retried) when UpdateDestination
     * raises the stream's version: the updated stream's task replays the buffer, and its documents keep their ids, so
     * the ones indexed before the update are replaced (version 2), not added again beside themselves.
     */
    @Test
    void documentIdsStayTheSameWhenAnUpdatedStreamReplaysABufferIndexedInPart() throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String stream = TestStack.unique("osupdate");
        String bucket = TestStack.unique("osupdate");
        String index = stream.toLowerCase();
        stack.createBucket(bucket);
        assertThat(node.createIndex(
                        index,
                        "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"order\":{\"type\":"
                                + "\"keyword\"},\"amount\":{\"type\":\"long\"}}}}"))
                .isTrue();
        try {
            var active = createUnrotatedStream(node, stream, bucket, index, 600);
            // The refused record first: its buffer holds the commit, so everything after it is replayed.
            List<String> records = new ArrayList<>();
            records.add("{\"order\":\"late\",\"amount\":0,\"extra\":\"x\"}");
            records.addAll(orders("u-", 5));
            put(stream, records);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> node.count(index) >= 5);
            Map<String, String> idsBefore = idsByOrder(node, index);
            assertThat(idsBefore).hasSize(5);

            client.updateDestination(u -> u.deliveryStreamName(stream)
                    .currentDeliveryStreamVersionId(active.versionId())
                    .destinationId(active.destinations().get(0).destinationId())
                    .amazonopensearchserviceDestinationUpdate(o -> o.retryOptions(r -> r.durationInSeconds(900))));
            assertThat(Streams.describe(client, stream).versionId()).isNotEqualTo(active.versionId());
            // The new task replays the buffer: the five documents are indexed again, in place.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> node.count(index) > 5
                            || versions(node, index).values().stream().allMatch(v -> v == 2));
            assertThat(node.count(index)).isEqualTo(5);
            assertThat(idsByOrder(node, index)).isEqualTo(idsBefore);

            // Once the mapping takes the refused record, it is indexed too, and nothing else is added.
            node.call("PUT", "/" + index + "/_mapping", "{\"properties\":{\"extra\":{\"type\":\"keyword\"}}}");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> node.count(index) >= 6);
            assertThat(node.count(index)).isEqualTo(6);
            Map<String, String> idsAfter = idsByOrder(node, index);
            assertThat(idsAfter).containsAllEntriesOf(idsBefore).containsKey("late");
        } finally {
            deleteIfCreated(stream);
        }
    }

    private static Map<String, String> idsByOrder(OpenSearchTestNode node, String index) throws Exception {
        Map<String, String> ids = new java.util.TreeMap<>();
        for (JsonNode d : node.documents(index)) {
            ids.put(d.path("_source").path("order").asText(), d.path("_id").asText());
        }
        return ids;
    }

    /** The version of each document, by its order. */
    private static Map<String, Integer> versions(OpenSearchTestNode node, String index) throws Exception {
        Map<String, Integer> versions = new java.util.TreeMap<>();
        for (JsonNode d : node.versionedDocuments(index)) {
            versions.put(
                    d.path("_source").path("order").asText(), d.path("_version").asInt());
        }
        return versions;
    }

    @Test
    void badConfigurationsAreRefusedAsAwsRefusesThemAndOtherDestinationsNameTheSupportedOnes() {
        String stream = TestStack.unique("osbad");
        String local = "http://127.0.0.1:9";
        assertThatThrownBy(() -> client.createDeliveryStream(openSearchStream(
                        stream,
                        "b",
                        d -> d.clusterEndpoint("http://example.com:9200").indexName("i"))))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("amazonopensearchserviceDestinationConfiguration.clusterEndpoint")
                .hasMessageContaining("https:.*");
        assertThatThrownBy(() -> client.createDeliveryStream(openSearchStream(
                        stream,
                        "b",
                        d -> d.clusterEndpoint(local).indexName("i").bufferingHints(h -> h.sizeInMBs(101)))))
                .hasMessageContaining("'amazonopensearchserviceDestinationConfiguration.bufferingHints.sizeInMBs'")
                .hasMessageContaining("less than or equal to 100");
        assertThatThrownBy(() -> client.createDeliveryStream(openSearchStream(
                        stream,
                        "b",
                        d -> d.clusterEndpoint(local).indexName("i").indexRotationPeriod("OneYear"))))
                .hasMessageContaining("[NoRotation, OneHour, OneDay, OneWeek, OneMonth]");
        assertThatThrownBy(() -> client.createDeliveryStream(openSearchStream(
                        stream,
                        "b",
                        d -> d.clusterEndpoint(local)
                                .domainARN("arn:aws:es:us-east-1:000000000000:domain/logs")
                                .indexName("i"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("either DomainARN or ClusterEndpoint");
        assertThatThrownBy(() -> client.createDeliveryStream(openSearchStream(
                        stream,
                        "b",
                        d -> d.domainARN("arn:aws:es:us-east-1:000000000000:domain/logs")
                                .indexName("i"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Domain logs is not known");
        assertThatThrownBy(
                        () -> client.createDeliveryStream(openSearchStream(stream, "b", d -> d.clusterEndpoint(local))))
                .hasMessageContaining("Value null at 'amazonopensearchserviceDestinationConfiguration.indexName'");
        assertThatThrownBy(() -> client.createDeliveryStream(CreateDeliveryStreamRequest.builder()
                        .deliveryStreamName(stream)
                        .snowflakeDestinationConfiguration(d -> d.accountUrl("https://x.snowflakecomputing.com"))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("SnowflakeDestinationConfiguration is not supported")
                .hasMessageContaining("AmazonopensearchserviceDestinationConfiguration");
    }

    /** A stream into {@code index} without rotation, FailedDocumentsOnly, ACTIVE when this returns. */
    private DeliveryStreamDescription createUnrotatedStream(
            OpenSearchTestNode node, String stream, String bucket, String index, int retrySeconds) {
        client.createDeliveryStream(openSearchStream(
                stream,
                bucket,
                d -> d.clusterEndpoint(node.url())
                        .indexName(index)
                        .indexRotationPeriod("NoRotation")
                        .retryOptions(o -> o.durationInSeconds(retrySeconds))));
        return Streams.awaitActive(client, stream);
    }

    private void deleteIfCreated(String stream) {
        try {
            client.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
        } catch (ResourceNotFoundException e) {
            // Never created.
        }
    }

    private String text(String bucket, String prefix) {
        StringBuilder b = new StringBuilder();
        stack.keys(bucket, prefix).forEach(k -> b.append(new String(stack.get(bucket, k), StandardCharsets.UTF_8)));
        return b.toString();
    }
}
