package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.DeliveryKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.PartitioningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link CrashRecoveryIT} with dynamic partitioning: a Connect worker JVM killed with SIGKILL while it delivers
 * records to per-customer prefixes, then started again. Every record ends up exactly once, under its customer's
 * prefix or in the error output: the restarted task cuts each Kafka partition where the killed one cut, so each
 * partition key's object is rewritten under the same key instead of being written twice.
 */
class PartitionedCrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORD_BYTES = 64 * 1024;
    private static final int FIRST_RUN = 100;
    private static final int TOTAL = 200;

    private final TestStack stack = TestStack.get();

    @Test
    void killedWorkerRestartsWithoutLossOrDuplicatesPerPartitionKey() throws Exception {
        String stream = TestStack.unique("dp-crash");
        String topic = TestStack.unique("dp-crash");
        String bucket = TestStack.unique("dp-crash");
        String connector = TestStack.unique("dp-crash");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);

        Path dir = Files.createDirectories(stack.workDir().resolve(connector));
        Map<String, String> worker = stack.workerProperties(dir.resolve("offsets"), "1000");
        worker.put("consumer.session.timeout.ms", "6000");
        worker.put("consumer.heartbeat.interval.ms", "1000");
        Path workerFile = CrashRecoveryIT.write(dir.resolve("worker.properties"), worker);
        Map<String, String> config = new HashMap<>(stack.connectorConfig(stream, topic, bucket));
        config.put("name", connector);
        // 1 MiB fills with 16 records of one customer; the interval delivers the tail after the restart.
        config.put(DestinationKeys.BUFFERING_SIZE_MB, "1");
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        config.put(DeliveryKeys.BUFFER_DIRECTORY, dir.resolve("buffers").toString());
        config.put(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true");
        config.put(PartitioningKeys.METADATA_EXTRACTION_QUERY, "{customer_id: .customer_id}");
        config.put(DestinationKeys.S3_PREFIX, "customer_id=!{partitionKeyFromQuery:customer_id}/");
        config.put(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "errors/!{firehose:error-output-type}/");
        Path connectorFile = CrashRecoveryIT.write(dir.resolve("connector.properties"), config);

        for (int i = 0; i < FIRST_RUN; i++) {
            stack.produce(topic, 0, null, null, record(i));
        }
        Process first = CrashRecoveryIT.startWorker(workerFile, connectorFile, dir.resolve("worker-1.log"));
        try {
            // Kill as soon as objects of both customers are readable, before the commit they allow is likely done.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !stack.keys(bucket, "customer_id=c0/").isEmpty()
                            && !stack.keys(bucket, "customer_id=c1/").isEmpty());
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.printf(
                "Killed with %d partitioned objects written%n",
                stack.keys(bucket, "customer_id=").size());

        for (int i = FIRST_RUN; i < TOTAL; i++) {
            stack.produce(topic, 0, null, null, record(i));
        }
        Process second = CrashRecoveryIT.startWorker(workerFile, connectorFile, dir.resolve("worker-2.log"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                try {
                    return delivered(bucket).size() == TOTAL;
                } catch (NoSuchKeyException e) {
                    return false;
                }
            });
            // The worker keeps running: the final read shows whether anything is written twice or goes missing.
            Thread.sleep(1000);
            Map<Integer, Integer> seen = delivered(bucket);
            assertThat(seen).hasSize(TOTAL);
            assertThat(seen.values()).allMatch(n -> n == 1);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    /**
     * How many times each record index appears, under its customer's prefix (checked) or, for the records that are
     * not JSON, in the error output.
     */
    private Map<Integer, Integer> delivered(String bucket) throws Exception {
        Map<Integer, Integer> seen = new TreeMap<>();
        for (String key : stack.keys(bucket, "customer_id=")) {
            String customer = key.substring("customer_id=".length(), key.indexOf('/'));
            byte[] object = stack.get(bucket, key);
            for (int at = 0; at < object.length; at += RECORD_BYTES) {
                JsonNode record = JSON.readTree(new String(object, at, RECORD_BYTES, StandardCharsets.UTF_8));
                assertThat(record.get("customer_id").asText()).as(key).isEqualTo(customer);
                seen.merge(record.get("n").asInt(), 1, Integer::sum);
            }
        }
        for (String key : stack.keys(bucket, "errors/DynamicPartitioning.MetadataExtractionFailed/")) {
            List<String> lines = new String(stack.get(bucket, key), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            for (String line : lines) {
                String raw = new String(
                        Base64.getDecoder()
                                .decode(JSON.readTree(line).get("rawData").asText()),
                        StandardCharsets.UTF_8);
                seen.merge(Integer.parseInt(raw.substring(0, raw.indexOf(' '))), 1, Integer::sum);
            }
        }
        return seen;
    }

    /** 64 KiB: JSON of customer c0 or c1, padded; every 25th record is not JSON and fails metadata extraction. */
    private static byte[] record(int index) {
        String head = index % 25 == 24
                ? index + " is not json "
                : "{\"customer_id\":\"c" + (index % 2) + "\",\"n\":" + index + ",\"pad\":\"";
        String tail = index % 25 == 24 ? "" : "\"}";
        StringBuilder b = new StringBuilder(RECORD_BYTES).append(head);
        while (b.length() < RECORD_BYTES - tail.length()) {
            b.append('x');
        }
        return b.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    }
}
