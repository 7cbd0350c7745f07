package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.KinesisStreamSourceDescription;
import software.amazon.awssdk.services.firehose.model.MSKSourceDescription;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Each source of a delivery stream end to end: a Kinesis stream written through the Kinesis API of the same
 * gateway, a topic of the cluster (MSKAsSource), and DirectPut with a throughput hint; every record in S3 once.
 */
class SourceDeliveryIT {

    private static TestStack stack;
    private static FirehoseClient firehose;
    private static KinesisClient kinesis;
    private static Admin admin;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        FirehoseTestGateway gateway = FirehoseTestGateway.shared();
        firehose = gateway.client();
        kinesis = KinesisClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + gateway.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        Properties props = new Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        admin.close();
    }

    @Test
    void aKinesisStreamIsDeliveredToS3ExactlyOnce() {
        String stream = TestStack.unique("clicks");
        String name = TestStack.unique("clicks-to-s3");
        String bucket = TestStack.unique("clicks-bucket");
        stack.createBucket(bucket);
        String streamArn = Streams.createKinesisStream(kinesis, stream, 2);
        Instant before = Instant.now().minusSeconds(1);

        firehose.createDeliveryStream(
                Streams.fromKinesis(name, bucket, streamArn).build());
        DeliveryStreamDescription d = Streams.awaitActive(firehose, name);
        KinesisStreamSourceDescription source = d.source().kinesisStreamSourceDescription();
        assertThat(source.kinesisStreamARN()).isEqualTo(streamArn);
        assertThat(source.roleARN()).isEqualTo(Streams.ROLE);
        assertThat(source.deliveryStartTimestamp()).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThatThrownBy(() -> firehose.putRecordBatch(r -> r.deliveryStreamName(name)
                        .records(Record.builder()
                                .data(SdkBytes.fromUtf8String("x"))
                                .build())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not permitted on KinesisStreamAsSource");

        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String line = "click-" + batch + "-" + i + "\n";
                expected.add(line.trim());
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("user-" + i)
                        .data(SdkBytes.fromUtf8String(line))
                        .build());
            }
            PutRecordsResponse put =
                    kinesis.putRecords(r -> r.streamName(stream).records(entries));
            assertThat(put.failedRecordCount()).isZero();
        }
        assertThat(kinesis.putRecord(r ->
                                r.streamName(stream).partitionKey("solo").data(SdkBytes.fromUtf8String("single\n")))
                        .shardId())
                .startsWith("shardId-");
        expected.add("single");

        BucketLines.awaitExactlyOnce(bucket, expected);
    }

    @Test
    void aTopicOfTheClusterIsDeliveredAsMskSource() throws Exception {
        String topic = TestStack.unique("msk-orders");
        String name = TestStack.unique("msk-to-s3");
        String bucket = TestStack.unique("msk-bucket");
        stack.createBucket(bucket);
        stack.createTopic(topic, 2);
        String cluster = "arn:aws:kafka:us-east-1:000000000000:cluster/millrace/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-1";

        firehose.createDeliveryStream(Streams.directPut(name, bucket)
                .deliveryStreamType("MSKAsSource")
                .mskSourceConfiguration(m -> m.mskClusterARN(cluster)
                        .topicName(topic)
                        .authenticationConfiguration(
                                a -> a.roleARN(Streams.ROLE).connectivity("PRIVATE")))
                .build());
        DeliveryStreamDescription d = Streams.awaitActive(firehose, name);
        assertThat(d.deliveryStreamTypeAsString()).isEqualTo("MSKAsSource");
        MSKSourceDescription source = d.source().mskSourceDescription();
        assertThat(source.mskClusterARN()).isEqualTo(cluster);
        assertThat(source.topicName()).isEqualTo(topic);
        assertThat(source.authenticationConfiguration().connectivityAsString()).isEqualTo("PRIVATE");
        assertThat(source.deliveryStartTimestamp()).isNotNull();
        assertThatThrownBy(() -> firehose.putRecord(
                        r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("x")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not permitted on MSKAsSource");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String line = "order-" + i;
            expected.add(line);
            stack.produce(topic, i % 2, null, null, (line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        BucketLines.awaitExactlyOnce(bucket, expected);
        firehose.deleteDeliveryStream(r -> r.deliveryStreamName(name));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThatThrownBy(() -> Streams.describe(firehose, name))
                        .isInstanceOf(ResourceNotFoundException.class));
        // The topic belongs to the cluster, not to the delivery stream.
        assertThat(admin.listTopics().names().get()).contains(topic);
    }

    @Test
    void theDirectPutThroughputHintSizesTheTopic() throws Exception {
        String name = TestStack.unique("hinted");
        String bucket = TestStack.unique("hinted-bucket");
        stack.createBucket(bucket);
        firehose.createDeliveryStream(Streams.directPut(name, bucket)
                .directPutSourceConfiguration(p -> p.throughputHintInMBs(25))
                .build());
        DeliveryStreamDescription d = Streams.awaitActive(firehose, name);
        assertThat(d.source().directPutSourceDescription().throughputHintInMBs())
                .isEqualTo(25);
        // 10 MB/s per partition by default: 25 MB/s needs 3.
        assertThat(admin.describeTopics(List.of("firehose-" + name))
                        .allTopicNames()
                        .get()
                        .get("firehose-" + name)
                        .partitions())
                .hasSize(3);

        List<String> expected =
                IntStream.range(0, 200).mapToObj(i -> "event-" + i).toList();
        for (int from = 0; from < expected.size(); from += 50) {
            List<Record> records = expected.subList(from, from + 50).stream()
                    .map(line -> Record.builder()
                            .data(SdkBytes.fromUtf8String(line + "\n"))
                            .build())
                    .toList();
            assertThat(firehose.putRecordBatch(r -> r.deliveryStreamName(name).records(records))
                            .failedPutCount())
                    .isZero();
        }
        BucketLines.awaitExactlyOnce(bucket, expected);

        for (int hint : new int[] {0, 101}) {
            assertThatThrownBy(
                            () -> firehose.createDeliveryStream(Streams.directPut(TestStack.unique("bad-hint"), bucket)
                                    .directPutSourceConfiguration(p -> p.throughputHintInMBs(hint))
                                    .build()))
                    .isInstanceOfSatisfying(FirehoseException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("directPutSourceConfiguration.throughputHintInMBs");
                    });
        }
        assertThatThrownBy(() -> firehose.createDeliveryStream(Streams.directPut(TestStack.unique("bad-hint"), bucket)
                        .deliveryStreamType("KinesisStreamAsSource")
                        .kinesisStreamSourceConfiguration(k -> k.roleARN(Streams.ROLE)
                                .kinesisStreamARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + name))
                        .directPutSourceConfiguration(p -> p.throughputHintInMBs(5))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("DirectPutSourceConfiguration");
    }
}
