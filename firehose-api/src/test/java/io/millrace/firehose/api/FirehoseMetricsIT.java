package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.processing.TestFunctions;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * A delivery stream's Direct PUT traffic, its deliveries, and a Kinesis stream source's reads and Lambda processing
 * read back through the CloudWatch API (SDK v2) in namespace AWS/Firehose, with AWS's metric names, the
 * DeliveryStreamName dimension and AWS's units. The publisher runs every 2 s here instead of every minute.
 */
class FirehoseMetricsIT {

    @TempDir
    static Path stateDir;

    private static CloudWatchService metrics;
    private static Gateway metricsGateway;
    private static CloudWatchClient cloudWatch;
    private static FirehoseTestGateway firehose;
    private static FirehoseClient client;

    @BeforeAll
    static void start() throws Exception {
        String run = TestStack.unique("fhm");
        KinesisConfig config = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                TestStack.get().bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                CloudWatchConfig.TOPIC,
                "metrics-" + run,
                CloudWatchConfig.TOPIC_PARTITIONS,
                "1",
                CloudWatchConfig.APPLICATION_ID,
                "cloudwatch-" + run,
                CloudWatchConfig.STATE_DIR,
                stateDir.toString()));
        metrics = CloudWatchService.start(new CloudWatchConfig(config.originals()), config.kafkaClientProperties());
        metricsGateway = Gateway.start(config, List.of(metrics));
        cloudWatch = LocalClients.pointedAt(
                        CloudWatchClient.builder(),
                        URI.create("http://127.0.0.1:" + metricsGateway.port()),
                        Duration.ofSeconds(30))
                .build();
        // The sink's tasks publish their delivery metrics to the same topic, every 2 s too. Its delivery streams are
        // kept apart from the other tests' (their own metadata topic): a gateway keeps every connector of its store
        // on its own settings, and this one's metrics topic differs from theirs.
        firehose = FirehoseTestGateway.start(Map.of(
                FirehoseConfig.CLOUDWATCH_TOPIC,
                "metrics-" + run,
                FirehoseConfig.CLOUDWATCH_INTERVAL_MS,
                "2000",
                FirehoseConfig.METADATA_TOPIC,
                "__millrace_firehose_metrics_it_" + run));
        firehose.service().publishMetricsTo(metrics.platformMetrics(), Duration.ofSeconds(2));
        client = firehose.client();
    }

    @AfterAll
    static void stop() {
        firehose.close();
        cloudWatch.close();
        metricsGateway.close();
        metrics.close();
    }

    @Test
    void directPutTrafficIsReadBackAsAwsFirehoseMetrics() {
        String name = TestStack.unique("fh-metrics");
        String bucket = TestStack.unique("fh-metrics-bucket");
        TestStack.get().createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            client.putRecord(
                    r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("0123456789"))));
        }
        client.putRecordBatch(r -> r.deliveryStreamName(name)
                .records(IntStream.range(0, 4)
                        .mapToObj(i -> Record.builder()
                                .data(SdkBytes.fromUtf8String("abcde"))
                                .build())
                        .toList()));

        // Seven records in: three PutRecord of 10 bytes, four of 5 in one PutRecordBatch.
        Datapoint incoming = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> statistics(name, "IncomingRecords", start), p -> p.sum() != null && p.sum() >= 7);
        assertThat(incoming.sum()).isEqualTo(7.0);
        assertThat(incoming.unit()).isEqualTo(StandardUnit.COUNT);
        Datapoint bytes = statistics(name, "IncomingBytes", start);
        assertThat(bytes.sum()).isEqualTo(3 * 10 + 4 * 5);
        assertThat(bytes.unit()).isEqualTo(StandardUnit.BYTES);
        assertThat(statistics(name, "IncomingPutRequests", start).sum()).isEqualTo(4.0);
        assertThat(statistics(name, "PutRecord.Requests", start).sum()).isEqualTo(3.0);
        assertThat(statistics(name, "PutRecord.Bytes", start).sum()).isEqualTo(30.0);
        Datapoint latency = statistics(name, "PutRecord.Latency", start);
        assertThat(latency.sampleCount()).isEqualTo(3.0);
        assertThat(latency.unit()).isEqualTo(StandardUnit.MILLISECONDS);
        assertThat(statistics(name, "PutRecordBatch.Requests", start).sum()).isEqualTo(1.0);
        assertThat(statistics(name, "PutRecordBatch.Records", start).sum()).isEqualTo(4.0);
        Datapoint batchBytes = statistics(name, "PutRecordBatch.Bytes", start);
        assertThat(batchBytes.sum()).isEqualTo(20.0);
        assertThat(batchBytes.unit()).isEqualTo(StandardUnit.BYTES);
        assertThat(statistics(name, "PutRecordBatch.Latency", start).unit()).isEqualTo(StandardUnit.MILLISECONDS);
    }

    @Test
    void deliveryToS3MetricsCountWhatTheSinkDelivered() {
        String name = TestStack.unique("fh-delivery");
        String bucket = TestStack.unique("fh-delivery-bucket");
        TestStack.get().createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        client.putRecordBatch(r -> r.deliveryStreamName(name)
                .records(IntStream.range(0, 9)
                        .mapToObj(i -> Record.builder()
                                .data(SdkBytes.fromUtf8String("record-" + i + "\n"))
                                .build())
                        .toList()));

        // Counted from the bucket: every line of every object is a record delivered.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deliveredLines(bucket) == 9);
        long objectBytes = TestStack.get().keys(bucket, "").stream()
                .mapToLong(key -> TestStack.get().get(bucket, key).length)
                .sum();
        Datapoint records = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> statistics(name, "DeliveryToS3.Records", start), p -> p.sum() != null && p.sum() >= 9);
        assertThat(records.sum()).isEqualTo(9.0);
        assertThat(records.unit()).isEqualTo(StandardUnit.COUNT);
        Datapoint bytes = statistics(name, "DeliveryToS3.Bytes", start);
        assertThat(bytes.sum()).isEqualTo((double) objectBytes);
        assertThat(bytes.unit()).isEqualTo(StandardUnit.BYTES);
        // One sample per S3 PUT, all successful: AWS's ratio of successful PUTs is 1.
        Datapoint success = statistics(name, "DeliveryToS3.Success", start);
        assertThat(success.sampleCount())
                .isEqualTo((double) TestStack.get().keys(bucket, "").size());
        assertThat(success.sum()).isEqualTo(success.sampleCount());
        Datapoint freshness = statistics(name, "DeliveryToS3.DataFreshness", start);
        assertThat(freshness.unit()).isEqualTo(StandardUnit.SECONDS);
        assertThat(freshness.sampleCount()).isPositive();
        // No backup configured: no BackupToS3 metric.
        assertThat(statistics(name, "BackupToS3.Records", start).sum()).isNull();
    }

    /**
     * A Kinesis stream source with a Lambda processor: what the sink read from the stream
     * (DataReadFromKinesisStream.*) and what the function did (ExecuteProcessing.*, SucceedProcessing.*), each
     * against what the test wrote and what the function itself saw. Its first invocation fails (HTTP 500) and is
     * retried, so the success ratio is below 1.
     */
    @Test
    void aKinesisSourceAndALambdaProcessorPublishTheirMetrics() throws Exception {
        String stream = TestStack.unique("fh-source");
        String name = TestStack.unique("fh-processed");
        String bucket = TestStack.unique("fh-processed-bucket");
        TestStack.get().createBucket(bucket);
        try (KinesisClient kinesis = LocalClients.pointedAt(
                                KinesisClient.builder(), firehose.endpoint(), Duration.ofSeconds(30))
                        .build();
                TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> n == 1)) {
            String streamArn = Streams.createKinesisStream(kinesis, stream, 2);
            client.createDeliveryStream(Streams.fromKinesis(name, bucket, streamArn)
                    .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                            .bucketARN("arn:aws:s3:::" + bucket)
                            .prefix("out/")
                            .errorOutputPrefix("failed/")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))
                            .processingConfiguration(p -> p.enabled(true)
                                    .processors(Processor.builder()
                                            .type("Lambda")
                                            .parameters(
                                                    parameter("LambdaArn", function.url()),
                                                    parameter("NumberOfRetries", "2"))
                                            .build())))
                    .build());
            Streams.awaitActive(client, name);
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);

            // Ten records the function keeps (Ok), two it drops, one it fails.
            List<String> data = new ArrayList<>();
            IntStream.range(0, 10).forEach(i -> data.add("event-" + i));
            data.addAll(List.of("drop-0", "drop-1", "fail-0"));
            PutRecordsResponse put = kinesis.putRecords(r -> r.streamName(stream)
                    .records(data.stream()
                            .map(d -> PutRecordsRequestEntry.builder()
                                    .partitionKey(d)
                                    .data(SdkBytes.fromUtf8String(d))
                                    .build())
                            .toList()));
            assertThat(put.failedRecordCount()).isZero();
            long bytesWritten = data.stream()
                    .mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            // The function wraps an Ok record's data in "T(...)": three bytes more each.
            long okBytes = data.stream()
                    .filter(d -> d.startsWith("event-"))
                    .mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length + 3)
                    .sum();

            Datapoint read = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> statistics(name, "DataReadFromKinesisStream.Records", start),
                            p -> p.sum() != null && p.sum() >= data.size());
            assertThat(read.sum()).isEqualTo(data.size());
            assertThat(read.unit()).isEqualTo(StandardUnit.COUNT);
            Datapoint readBytes = statistics(name, "DataReadFromKinesisStream.Bytes", start);
            assertThat(readBytes.sum()).isEqualTo((double) bytesWritten);
            assertThat(readBytes.unit()).isEqualTo(StandardUnit.BYTES);

            // Ok and Dropped records succeeded: twelve, with the bytes of the Ok data.
            Datapoint succeeded = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> statistics(name, "SucceedProcessing.Records", start),
                            p -> p.sum() != null && p.sum() >= 12);
            assertThat(succeeded.sum()).isEqualTo(12.0);
            assertThat(succeeded.unit()).isEqualTo(StandardUnit.COUNT);
            Datapoint succeededBytes = statistics(name, "SucceedProcessing.Bytes", start);
            assertThat(succeededBytes.sum()).isEqualTo((double) okBytes);
            assertThat(succeededBytes.unit()).isEqualTo(StandardUnit.BYTES);
            // One sample per invocation the function received, the failed one included.
            int invocations = function.invocations();
            Datapoint success = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> statistics(name, "ExecuteProcessing.Success", start),
                            p -> p.sampleCount() != null && p.sampleCount() >= invocations);
            assertThat(success.sampleCount()).isEqualTo(invocations);
            assertThat(success.sum()).isEqualTo(invocations - 1.0);
            Datapoint duration = statistics(name, "ExecuteProcessing.Duration", start);
            assertThat(duration.sampleCount()).isEqualTo(invocations);
            assertThat(duration.unit()).isEqualTo(StandardUnit.MILLISECONDS);
        } finally {
            client.deleteDeliveryStream(r -> r.deliveryStreamName(name));
        }
    }

    private static ProcessorParameter parameter(String name, String value) {
        return ProcessorParameter.builder()
                .parameterName(name)
                .parameterValue(value)
                .build();
    }

    private static long deliveredLines(String bucket) {
        return TestStack.get().keys(bucket, "").stream()
                .mapToLong(key -> new String(TestStack.get().get(bucket, key), StandardCharsets.UTF_8)
                        .lines()
                        .count())
                .sum();
    }

    /** The one datapoint of ten minutes from {@code start} (empty when there is none yet). */
    private static Datapoint statistics(String deliveryStream, String metric, Instant start) {
        List<Datapoint> points = cloudWatch
                .getMetricStatistics(r -> r.namespace("AWS/Firehose")
                        .metricName(metric)
                        .dimensions(d -> d.name("DeliveryStreamName").value(deliveryStream))
                        .startTime(start)
                        .endTime(start.plus(10, ChronoUnit.MINUTES))
                        .period(600)
                        .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT))
                .datapoints();
        return points.isEmpty() ? Datapoint.builder().build() : points.get(0);
    }
}
