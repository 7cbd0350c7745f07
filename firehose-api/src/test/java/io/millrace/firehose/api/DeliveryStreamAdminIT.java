package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;
import software.amazon.awssdk.services.firehose.model.ListTagsForDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.Tag;

/** CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams, DeleteDeliveryStream and tags, via the SDK. */
class DeliveryStreamAdminIT {

    private static TestStack stack;
    private static FirehoseClient client;
    private static Admin admin;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        client = FirehoseTestGateway.shared().client();
        Properties props = new Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void createDescribeListAndDeleteADirectPutStream() throws Exception {
        String name = TestStack.unique("admin");
        String bucket = TestStack.unique("admin-bucket");
        stack.createBucket(bucket);
        Instant before = Instant.now().minusSeconds(1);

        String arn = client.createDeliveryStream(Streams.directPut(name, bucket).build())
                .deliveryStreamARN();
        assertThat(arn).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/" + name);

        DeliveryStreamDescription d = Streams.awaitActive(client, name);
        assertThat(d.deliveryStreamARN()).isEqualTo(arn);
        assertThat(d.deliveryStreamTypeAsString()).isEqualTo("DirectPut");
        assertThat(d.versionId()).isEqualTo("1");
        assertThat(d.createTimestamp()).isAfter(before);
        assertThat(d.hasMoreDestinations()).isFalse();
        assertThat(d.destinations()).hasSize(1);
        assertThat(d.destinations().get(0).destinationId()).isEqualTo("destinationId-000000000001");
        ExtendedS3DestinationDescription s3 = d.destinations().get(0).extendedS3DestinationDescription();
        assertThat(s3.bucketARN()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(s3.roleARN()).isEqualTo(Streams.ROLE);
        assertThat(s3.bufferingHints().sizeInMBs()).isEqualTo(1);
        assertThat(s3.bufferingHints().intervalInSeconds()).isEqualTo(1);
        assertThat(s3.compressionFormatAsString()).isEqualTo("UNCOMPRESSED");
        assertThat(s3.s3BackupModeAsString()).isEqualTo("Disabled");
        assertThat(s3.encryptionConfiguration().noEncryptionConfigAsString()).isEqualTo("NoEncryption");
        assertThat(admin.listTopics().names().get()).contains("firehose-" + name);
        assertThat(connectorExists("firehose-" + name)).isTrue();

        assertThat(names(client.listDeliveryStreams(r -> r.limit(10_000)))).contains(name);
        assertThatThrownBy(() -> client.createDeliveryStream(
                        Streams.directPut(name, bucket).build()))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("already exists");

        client.deleteDeliveryStream(r -> r.deliveryStreamName(name));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThatThrownBy(() -> Streams.describe(client, name))
                        .isInstanceOf(ResourceNotFoundException.class));
        // Kafka deletes a topic and Connect a connector asynchronously: they are gone moments after the answer.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin.listTopics().names().get()).doesNotContain("firehose-" + name);
            assertThat(connectorExists("firehose-" + name)).isFalse();
        });
        assertThat(names(client.listDeliveryStreams(r -> r.limit(10_000)))).doesNotContain(name);
    }

    @Test
    void listPagesInNameOrder() {
        String base = TestStack.unique("page");
        String bucket = TestStack.unique("page-bucket");
        stack.createBucket(bucket);
        for (String suffix : List.of("c", "a", "b")) {
            client.createDeliveryStream(
                    Streams.directPut(base + "-" + suffix, bucket).build());
        }
        ListDeliveryStreamsResponse first =
                client.listDeliveryStreams(r -> r.limit(2).exclusiveStartDeliveryStreamName(base));
        assertThat(first.deliveryStreamNames()).containsExactly(base + "-a", base + "-b");
        assertThat(first.hasMoreDeliveryStreams()).isTrue();
        ListDeliveryStreamsResponse next =
                client.listDeliveryStreams(r -> r.limit(10_000).exclusiveStartDeliveryStreamName(base + "-b"));
        assertThat(next.deliveryStreamNames()).startsWith(base + "-c");
        assertThat(client.listDeliveryStreams(r ->
                                r.deliveryStreamType("KinesisStreamAsSource").limit(10_000))
                        .deliveryStreamNames())
                .doesNotContain(base + "-a");
    }

    @Test
    void aKinesisStreamSourceMustExistAndIsDescribed() throws Exception {
        String stream = TestStack.unique("kinesis-source");
        String name = TestStack.unique("from-kinesis");
        String bucket = TestStack.unique("kinesis-bucket");
        stack.createBucket(bucket);
        String streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
        var request = Streams.directPut(name, bucket)
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(
                        k -> k.kinesisStreamARN(streamArn).roleARN(Streams.ROLE))
                .build();
        assertThatThrownBy(() -> client.createDeliveryStream(request))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(stream);

        stack.createTopic(stream, 2);
        // The gateway learns of a topic made behind its back from Kafka's metadata, moments later.
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(InvalidArgumentException.class)
                .until(() -> client.createDeliveryStream(request) != null);
        DeliveryStreamDescription d = Streams.awaitActive(client, name);
        assertThat(d.deliveryStreamTypeAsString()).isEqualTo("KinesisStreamAsSource");
        assertThat(d.source().kinesisStreamSourceDescription().kinesisStreamARN())
                .isEqualTo(streamArn);
        assertThatThrownBy(() -> client.putRecord(r -> r.deliveryStreamName(name)
                        .record(x -> x.data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not permitted on KinesisStreamAsSource");
        client.deleteDeliveryStream(r -> r.deliveryStreamName(name));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThatThrownBy(() -> Streams.describe(client, name))
                        .isInstanceOf(ResourceNotFoundException.class));
        // The Kinesis stream's topic belongs to the stream, not to the delivery stream.
        assertThat(admin.listTopics().names().get()).contains(stream);
    }

    @Test
    void badRequestsGetAwsErrors() {
        assertThatThrownBy(() -> Streams.describe(client, "no-such-stream"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Firehose no-such-stream under account 000000000000 not found");
        assertThatThrownBy(() -> client.deleteDeliveryStream(r -> r.deliveryStreamName("no-such-stream")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.createDeliveryStream(
                        Streams.directPut("bad name!", "b").build()))
                .isInstanceOfSatisfying(FirehoseException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("deliveryStreamName");
                });
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(TestStack.unique("bad"), "b")
                        .extendedS3DestinationConfiguration(x -> x.roleARN(Streams.ROLE)
                                .bucketARN("arn:aws:s3:::b")
                                .bufferingHints(h -> h.sizeInMBs(129)))
                        .build()))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> client.createDeliveryStream(r -> r.deliveryStreamName(TestStack.unique("none"))))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> client.listDeliveryStreams(r -> r.limit(0)))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void tagsAreKeptWithAwsLimits() {
        String name = TestStack.unique("tags");
        String bucket = TestStack.unique("tags-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket)
                .tags(Tag.builder().key("team").value("data").build())
                .build());
        client.tagDeliveryStream(r -> r.deliveryStreamName(name)
                .tags(
                        Tag.builder().key("env").value("test").build(),
                        Tag.builder().key("team").value("lake").build()));

        ListTagsForDeliveryStreamResponse page =
                client.listTagsForDeliveryStream(r -> r.deliveryStreamName(name).limit(1));
        assertThat(page.tags())
                .containsExactly(Tag.builder().key("env").value("test").build());
        assertThat(page.hasMoreTags()).isTrue();
        ListTagsForDeliveryStreamResponse rest =
                client.listTagsForDeliveryStream(r -> r.deliveryStreamName(name).exclusiveStartTagKey("env"));
        assertThat(rest.tags())
                .containsExactly(Tag.builder().key("team").value("lake").build());
        assertThat(rest.hasMoreTags()).isFalse();

        client.untagDeliveryStream(r -> r.deliveryStreamName(name).tagKeys("env"));
        assertThat(client.listTagsForDeliveryStream(r -> r.deliveryStreamName(name))
                        .tags())
                .extracting(Tag::key)
                .containsExactly("team");

        List<Tag> fifty = IntStream.range(0, 50)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
                .toList();
        assertThatThrownBy(() ->
                        client.tagDeliveryStream(r -> r.deliveryStreamName(name).tags(fifty)))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> client.tagDeliveryStream(r -> r.deliveryStreamName(name)
                        .tags(Tag.builder().key("aws:reserved").value("x").build())))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void anotherGatewaySeesTheSameStreamsFromKafka() {
        String name = TestStack.unique("shared");
        String bucket = TestStack.unique("shared-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        client.tagDeliveryStream(r -> r.deliveryStreamName(name)
                .tags(Tag.builder().key("k").value("v").build()));

        try (FirehoseTestGateway second = FirehoseTestGateway.start()) {
            DeliveryStreamDescription d = Streams.describe(second.client(), name);
            assertThat(d.deliveryStreamStatusAsString()).isEqualTo("ACTIVE");
            assertThat(second.client()
                            .listTagsForDeliveryStream(r -> r.deliveryStreamName(name))
                            .tags())
                    .containsExactly(Tag.builder().key("k").value("v").build());
            assertThatThrownBy(() -> second.client()
                            .createDeliveryStream(
                                    Streams.directPut(name, bucket).build()))
                    .isInstanceOf(ResourceInUseException.class);
        }
    }

    private static List<String> names(ListDeliveryStreamsResponse response) {
        return response.deliveryStreamNames();
    }

    private static boolean connectorExists(String connector) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                stack.connectUrl().replaceAll("/$", "") + "/connectors/" + connector))
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }
}
