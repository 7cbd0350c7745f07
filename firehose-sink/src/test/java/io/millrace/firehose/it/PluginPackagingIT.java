package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.MetricsKeys;
import io.millrace.firehose.config.PartitioningKeys;
import io.millrace.firehose.conversion.ColumnarReaders;
import io.millrace.firehose.conversion.ConversionConfig;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The assembled plugin directory installs on a Connect worker's plugin.path: a worker JVM whose classpath lacks
 * this module's classes loads the connector from the plugin directory only, and it delivers.
 */
class PluginPackagingIT {
    private final TestStack stack = TestStack.get();

    @Test
    void workerLoadsTheConnectorFromThePluginPathAndDelivers() throws Exception {
        Path pluginDir = Path.of(System.getProperty("millrace.plugin.dir"));
        assertThat(pluginDir.resolve("millrace-firehose-sink/lib")).isDirectory();
        assertThat(Files.list(pluginDir.resolve("millrace-firehose-sink/lib"))
                        .map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("millrace-firehose-sink-"))
                .anyMatch(n -> n.startsWith("snappy-java-"))
                .anyMatch(n -> n.startsWith("jackson-jq-"))
                // The delivery metrics' writer to the CloudWatch API's topic, without the gateway.
                .anyMatch(n -> n.startsWith("millrace-metrics-record-"))
                .noneMatch(n -> n.startsWith("kafka-clients-") || n.startsWith("connect-api-"))
                // The gateway side (the Firehose API, its schemas) stays out of the plugin.
                .noneMatch(n -> n.startsWith("millrace-gateway-")
                        || n.startsWith("millrace-schemas-")
                        || n.startsWith("millrace-firehose-api-"));

        String stream = TestStack.unique("packaged");
        String topic = TestStack.unique("packaged");
        String bucket = TestStack.unique("packaged");
        String connector = TestStack.unique("packaged");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Path dir = Files.createDirectories(stack.workDir().resolve(connector));
        Map<String, String> worker = stack.workerProperties(dir.resolve("offsets"), "1000");
        worker.put("plugin.path", pluginDir.toString());
        Map<String, String> config = new HashMap<>(stack.connectorConfig(stream, topic, bucket));
        config.put("name", connector);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(DestinationKeys.COMPRESSION_FORMAT, "Snappy");
        // Dynamic partitioning: jq and its built-in functions load from the plugin's own class loader.
        config.put(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true");
        config.put(PartitioningKeys.METADATA_EXTRACTION_QUERY, "{kind: .kind | ascii_downcase}");
        config.put(DestinationKeys.S3_PREFIX, "kind=!{partitionKeyFromQuery:kind}/");
        config.put(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "errors/!{firehose:error-output-type}/");
        // Its delivery metrics to a CloudWatch datapoint topic: the writer loads from the plugin too.
        String metricsTopic = TestStack.unique("packaged-metrics");
        stack.createTopic(metricsTopic, 1);
        config.put(MetricsKeys.CLOUDWATCH_TOPIC, metricsTopic);
        config.put(MetricsKeys.CLOUDWATCH_INTERVAL_MS, "1000");
        for (int i = 0; i < 3; i++) {
            stack.produce(
                    topic, 0, null, null, ("{\"kind\":\"Packaged\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }

        // A second connector converts JSON to Parquet: Parquet and Hadoop's classes load from the plugin too.
        String parquetTopic = TestStack.unique("packaged-parquet");
        String parquetBucket = TestStack.unique("packaged-parquet");
        stack.createTopic(parquetTopic, 1);
        stack.createBucket(parquetBucket);
        Map<String, String> parquet = new HashMap<>(stack.connectorConfig(stream, parquetTopic, parquetBucket));
        parquet.put("name", connector + "-parquet");
        parquet.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        parquet.put(ConversionConfig.ENABLED, "true");
        parquet.put(ConversionConfig.COLUMNS, "struct<id:bigint,name:string>");
        for (int i = 0; i < 3; i++) {
            stack.produce(
                    parquetTopic,
                    0,
                    null,
                    null,
                    ("{\"id\": " + i + ", \"name\": \"n" + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }

        String moduleOutput = System.getProperty("millrace.module.output");
        String moduleJar = System.getProperty("millrace.module.jar");
        // Surefire and failsafe start the test JVM from a manifest-only jar; the real classpath is in this property.
        String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertThat(testClasspath).doesNotContain("surefirebooter").contains("kafka-clients");
        String classpath = Arrays.stream(testClasspath.split(File.pathSeparator))
                .filter(e -> !e.equals(moduleOutput) && !e.equals(moduleJar))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classpath).doesNotContain(moduleOutput).doesNotContain(moduleJar);
        System.out.println("Worker classpath: " + classpath.replace(File.pathSeparator, "\n  "));
        Process process = new ProcessBuilder(
                        System.getProperty("millrace.test.java"),
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classpath,
                        "org.apache.kafka.connect.cli.ConnectStandalone",
                        write(dir.resolve("worker.properties"), worker).toString(),
                        write(dir.resolve("connector.properties"), config).toString(),
                        write(dir.resolve("parquet-connector.properties"), parquet)
                                .toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> !stack.keys(bucket, "").isEmpty());
            String key = stack.keys(bucket, "").get(0);
            assertThat(key).startsWith("kind=packaged/").endsWith(".snappy");
            assertThat(new String(Decompress.snappyFramed(stack.get(bucket, key)), StandardCharsets.UTF_8))
                    .isEqualTo("{\"kind\":\"Packaged\",\"i\":0}{\"kind\":\"Packaged\",\"i\":1}"
                            + "{\"kind\":\"Packaged\",\"i\":2}");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !stack.keys(parquetBucket, "").isEmpty());
            String parquetKey = stack.keys(parquetBucket, "").get(0);
            assertThat(parquetKey).endsWith(".parquet");
            Path parquetFile = dir.resolve("object.parquet");
            Files.write(parquetFile, stack.get(parquetBucket, parquetKey));
            assertThat(ColumnarReaders.parquet(parquetFile))
                    .extracting(r -> r.get("id") + "=" + r.get("name"))
                    .containsExactly("0=n0", "1=n1", "2=n2");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> deliveredRecordsPublished(metricsTopic, stream), delivered -> delivered == 3);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The sum of the DeliveryToS3.Records datapoints of {@code stream} in the topic, read from the record format
     * (a key naming the metric, a value of version, time, resolution, count, then sum).
     */
    private double deliveredRecordsPublished(String topic, String stream) {
        double sum = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (key.contains("DeliveryToS3.Records") && key.contains(stream)) {
                    sum += ByteBuffer.wrap(record.value()).getDouble(1 + 8 + 1 + 8);
                }
            }
        }
        return sum;
    }

    private static Path write(Path file, Map<String, String> props) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }
}
