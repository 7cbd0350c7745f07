package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.BackupKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.naming.DeterministicIds;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Object names, prefixes and their expressions, the error output envelope, backup, and the metrics. */
class PrefixAndErrorOutputIT {
    private static final long ARRIVAL = Instant.parse("2024-03-05T06:07:08Z").toEpochMilli();
    private final TestStack stack = TestStack.get();

    @Test
    void defaultPrefixIsTheUtcHourAndTheNameIsAwsShapedAndDeterministic() throws Exception {
        String stream = TestStack.unique("orders");
        String topic = TestStack.unique("default-prefix");
        String bucket = TestStack.unique("default-prefix");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        String connector = TestStack.unique("default-prefix");
        // Records first, connector second: they arrive in one batch, so the interval cannot split them.
        stack.produce(topic, 0, ARRIVAL, null, "a".getBytes(StandardCharsets.UTF_8));
        stack.produce(topic, 0, ARRIVAL + 5000, null, "b".getBytes(StandardCharsets.UTF_8));
        stack.startConnector(connector, config);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !stack.keys(bucket, "").isEmpty());
            String uuid = DeterministicIds.uuid(DeterministicIds.seed("destination", topic, 0, 0))
                    .toString();
            assertThat(stack.keys(bucket, ""))
                    .containsExactly("2024/03/05/06/" + stream + "-1-2024-03-05-06-07-08-" + uuid);
        } finally {
            stack.stopConnector(connector);
        }
    }

    @Test
    void expressionsTimeZoneExtensionAndErrorEnvelope() throws Exception {
        String stream = TestStack.unique("clicks");
        String topic = TestStack.unique("expressions");
        String bucket = TestStack.unique("expressions");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(
                DestinationKeys.S3_PREFIX,
                "logs/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/h=!{timestamp:HH}/!{firehose:random-string}/");
        config.put(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "errors/!{firehose:error-output-type}/!{timestamp:yyyy}/");
        config.put(DestinationKeys.CUSTOM_TIME_ZONE, "Asia/Tokyo");
        config.put(DestinationKeys.FILE_EXTENSION, ".log");
        String connector = TestStack.unique("expressions");
        stack.produce(topic, 0, ARRIVAL, "k".getBytes(StandardCharsets.UTF_8), null);
        stack.produce(topic, 0, ARRIVAL, null, "ok".getBytes(StandardCharsets.UTF_8));
        stack.startConnector(connector, config);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> stack.keys(bucket, "").size() == 2);

            // 06:07:08 UTC is 15:07:08 in Tokyo. Both records are in the segment starting at offset 0, which names
            // the objects of every output.
            String dataSeed = DeterministicIds.seed("destination", topic, 0, 0);
            String data = "logs/2024/03/05/h=15/" + DeterministicIds.randomString(dataSeed) + "/" + stream
                    + "-1-2024-03-05-15-07-08-" + DeterministicIds.uuid(dataSeed) + ".log";
            String error = "errors/processing-failed/2024/" + stream + "-1-2024-03-05-15-07-08-"
                    + DeterministicIds.uuid(DeterministicIds.seed("error", topic, 0, 0));
            assertThat(stack.keys(bucket, "")).containsExactlyInAnyOrder(data, error);
            assertThat(DeterministicIds.randomString(dataSeed)).matches("[0-9a-z]{11}");
            assertThat(new String(stack.get(bucket, data), StandardCharsets.UTF_8))
                    .isEqualTo("ok");
            for (String key : List.of(data, error)) {
                // As Firehose's objects: octet-stream, and no Content-Encoding for uncompressed data or errors.
                var head = stack.s3().headObject(b -> b.bucket(bucket).key(key));
                assertThat(head.contentType()).isEqualTo("application/octet-stream");
                assertThat(head.contentEncoding()).isNull();
            }

            String[] lines = new String(stack.get(bucket, error), StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(1);
            JsonNode envelope = new ObjectMapper().readTree(lines[0]);
            assertThat(envelope.get("attemptsMade").asInt()).isEqualTo(1);
            assertThat(envelope.get("arrivalTimestamp").asLong()).isEqualTo(ARRIVAL);
            assertThat(envelope.get("errorCode").asText()).isEqualTo("Millrace.NullRecordValue");
            assertThat(envelope.get("errorMessage").asText()).isNotBlank();
            assertThat(envelope.get("attemptEndingTimestamp").asLong()).isGreaterThan(ARRIVAL);
            assertThat(envelope.get("rawData").asText()).isEmpty();
        } finally {
            stack.stopConnector(connector);
        }
    }

    @Test
    void literalPrefixGetsTheTimePrefixAndDefaultErrorFolder() throws Exception {
        String stream = TestStack.unique("plain");
        String topic = TestStack.unique("literal");
        String bucket = TestStack.unique("literal");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(DestinationKeys.S3_PREFIX, "data/");
        String connector = TestStack.unique("literal");
        stack.produce(topic, 0, ARRIVAL, null, "x".getBytes(StandardCharsets.UTF_8));
        stack.produce(topic, 0, ARRIVAL, null, null);
        stack.startConnector(connector, config);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> stack.keys(bucket, "").size() == 2);
            assertThat(stack.keys(bucket, "data/2024/03/05/06/" + stream + "-1-2024-03-05-06-07-08-"))
                    .hasSize(1);
            assertThat(stack.keys(bucket, "data/processing-failed/2024/03/05/06/" + stream + "-1-"))
                    .hasSize(1);
        } finally {
            stack.stopConnector(connector);
        }
    }

    @Test
    void backupKeepsSourceRecordsAsReceivedAndMetricsCountDeliveries() throws Exception {
        String stream = TestStack.unique("backed-up");
        String topic = TestStack.unique("backup");
        String bucket = TestStack.unique("backup-dest");
        String backupBucket = TestStack.unique("backup-copy");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        stack.createBucket(backupBucket);
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        config.put(BackupKeys.S3_BACKUP_MODE, "Enabled");
        config.put(BackupKeys.S3_BACKUP_BUCKET, backupBucket);
        config.put(BackupKeys.S3_BACKUP_PREFIX, "source/");
        config.put(BackupKeys.S3_BACKUP_BUFFERING_INTERVAL_SECONDS, "1");
        config.put(BackupKeys.S3_BACKUP_COMPRESSION_FORMAT, "GZIP");
        String connector = TestStack.unique("backup");
        StringBuilder raw = new StringBuilder();
        StringBuilder delimited = new StringBuilder();
        long incomingBytes = 0;
        for (int i = 0; i < 10; i++) {
            String record = "event-" + i;
            stack.produce(topic, 0, null, null, record.getBytes(StandardCharsets.UTF_8));
            raw.append(record);
            delimited.append(record).append('\n');
            incomingBytes += record.length();
        }
        stack.produce(topic, 0, null, null, null);
        stack.startConnector(connector, config);
        try {

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> text(bucket, "2").equals(delimited.toString())
                            && !stack.keys(bucket, "processing-failed/").isEmpty());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                StringBuilder b = new StringBuilder();
                for (String key : stack.keys(backupBucket, "source/")) {
                    assertThat(key).endsWith(".gz");
                    b.append(new String(Decompress.gzip(stack.get(backupBucket, key)), StandardCharsets.UTF_8));
                }
                return b.toString().equals(raw.toString());
            });

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = DeliveryMetrics.objectName(stream, "0");
            assertThat(jmx.getAttribute(name, "IncomingRecords")).isEqualTo(11L);
            assertThat(jmx.getAttribute(name, "IncomingBytes")).isEqualTo(incomingBytes);
            assertThat(jmx.getAttribute(name, "DeliveryToS3.Records")).isEqualTo(10L);
            assertThat((Long) jmx.getAttribute(name, "DeliveryToS3.Bytes")).isEqualTo(incomingBytes + 10);
            assertThat(jmx.getAttribute(name, "DeliveryToS3.Success")).isEqualTo(1.0);
            assertThat(jmx.getAttribute(name, "DeliveryToS3.DataFreshness")).isEqualTo(0L);
            assertThat(jmx.getAttribute(name, "BackupToS3.Records")).isEqualTo(10L);
            assertThat(jmx.getAttribute(name, "BackupToS3.Success")).isEqualTo(1.0);
        } finally {
            stack.stopConnector(connector);
        }
    }

    private String text(String bucket, String prefix) {
        StringBuilder b = new StringBuilder();
        List<String> keys = stack.keys(bucket, prefix);
        keys.forEach(k -> b.append(new String(stack.get(bucket, k), StandardCharsets.UTF_8)));
        return b.toString();
    }
}
