package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.it.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * A DirectPut delivery stream whose topic has two partitions gets two Connect tasks, one per partition, that drain
 * in parallel; with a restart of the connector and its tasks between two rounds of PutRecordBatch, every
 * acknowledged record is in S3 exactly once (AWS promises no order within a delivery stream, so only presence and
 * uniqueness are checked).
 */
class MultiTaskDirectPutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BATCHES_PER_ROUND = 20;
    private static final int RECORDS_PER_BATCH = 100;

    @Test
    void twoTasksDeliverEveryRecordOnceAcrossATaskRestart() throws Exception {
        TestStack stack = TestStack.get();
        try (FirehoseTestGateway gateway =
                FirehoseTestGateway.start(Map.of(FirehoseConfig.DIRECT_PUT_PARTITIONS, "2"))) {
            FirehoseClient client = gateway.client();
            String stream = TestStack.unique("multi-task");
            String bucket = TestStack.unique("multi-task-bucket");
            String connector = "firehose-" + stream;
            stack.createBucket(bucket);
            client.createDeliveryStream(Streams.directPut(stream, bucket).build());
            Streams.awaitActive(client, stream);
            // tasks-max is 1 here: the second task comes from the topic's second partition.
            awaitRunningTasks(stack, connector, 2);

            put(client, stream, 0);
            // Connect stops both tasks (their buffers and uploads in flight) and starts them again.
            restart(stack, connector);
            awaitRunningTasks(stack, connector, 2);
            put(client, stream, BATCHES_PER_ROUND);

            int total = 2 * BATCHES_PER_ROUND * RECORDS_PER_BATCH;
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Map<String, Integer> seen = new HashMap<>();
                        for (byte[] object : stack.readableObjects(bucket, "20").values()) {
                            for (String line : new String(object, StandardCharsets.UTF_8).split("\n")) {
                                seen.merge(line, 1, Integer::sum);
                            }
                        }
                        assertThat(seen.entrySet())
                                .as("records found more than once")
                                .filteredOn(e -> e.getValue() > 1)
                                .isEmpty();
                        assertThat(seen.keySet())
                                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, total)
                                        .mapToObj(MultiTaskDirectPutIT::record)
                                        .toList());
                    });
            // Both partitions were drained (each by its own task): the group committed offsets for both.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = stack.committedOffsets(connector);
                assertThat(committed.keySet())
                        .extracting(TopicPartition::partition)
                        .containsExactlyInAnyOrder(0, 1);
                assertThat(committed.values())
                        .extracting(OffsetAndMetadata::offset)
                        .allSatisfy(offset -> assertThat(offset).isPositive());
            });
        }
    }

    /** {@link #BATCHES_PER_ROUND} PutRecordBatch calls from batch {@code firstBatch} on, each record a line. */
    private static void put(FirehoseClient client, String stream, int firstBatch) {
        for (int b = firstBatch; b < firstBatch + BATCHES_PER_ROUND; b++) {
            int first = b * RECORDS_PER_BATCH;
            List<Record> records = IntStream.range(first, first + RECORDS_PER_BATCH)
                    .mapToObj(i -> Record.builder()
                            .data(SdkBytes.fromUtf8String(record(i) + "\n"))
                            .build())
                    .toList();
            assertThat(client.putRecordBatch(r -> r.deliveryStreamName(stream).records(records))
                            .failedPutCount())
                    .isZero();
        }
    }

    private static String record(int i) {
        // Padded so that a batch fills several Kafka batches and the producer spreads the calls over both partitions.
        return "record-" + i + "-" + "x".repeat(1000);
    }

    private static void awaitRunningTasks(TestStack stack, String connector, int tasks) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode status = JSON.readTree(connect(stack, "GET", "/connectors/" + connector + "/status"));
                    assertThat(status.path("tasks")).hasSize(tasks);
                    assertThat(status.path("tasks"))
                            .allSatisfy(task ->
                                    assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
                });
    }

    /** Connect's REST API: the connector and its tasks stopped and started again, with the same configuration. */
    private static void restart(TestStack stack, String connector) throws Exception {
        connect(stack, "POST", "/connectors/" + connector + "/restart?includeTasks=true");
    }

    private static String connect(TestStack stack, String method, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.connectUrl().replaceAll("/$", "") + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
        return response.body();
    }
}
