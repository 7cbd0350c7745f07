package io.millrace.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudtrail.testkit.AuditedNode;
import io.millrace.cloudtrail.testkit.AwsCliV2;
import io.millrace.cloudtrail.testkit.LocalS3;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTrailNameException;
import software.amazon.awssdk.services.cloudtrail.model.S3BucketDoesNotExistException;
import software.amazon.awssdk.services.cloudtrail.model.TrailAlreadyExistsException;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Trails deliver the audit trail to S3 as CloudTrail does: managed with the AWS CLI v2 unchanged, their log files
 * fetched with {@code aws s3 cp} hold exactly the calls made while logging; with two gateways taking part in the
 * delivery, and one of them leaving, every call is delivered exactly once.
 */
class TrailDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AuditedNode node;

    @BeforeAll
    static void start() throws Exception {
        node = AuditedNode.shared();
    }

    @Test
    void theCliCreatesATrailWhoseLogFilesHoldExactlyTheCallsMadeWhileLogging() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String trail = "cli-trail-" + suffix;
        String bucket = "trail-bucket-" + suffix;
        String arn = "arn:aws:cloudtrail:us-east-1:" + AuditedNode.ACCOUNT + ":trail/" + trail;
        // The AWS CLI starts slowly on a loaded machine: it runs what a user runs, the SDK the rest.
        try (S3Client s3 = s3Client();
                CloudTrailClient cloudTrail = node.client(CloudTrailClient.builder(), AuditedNode.ROOT);
                KinesisClient kinesis = node.client(KinesisClient.builder(), AuditedNode.ROOT)) {
            assertThatThrownBy(() -> cloudTrail.createTrail(b -> b.name(trail).s3BucketName(bucket)))
                    .isInstanceOf(S3BucketDoesNotExistException.class)
                    .hasMessageContaining("S3 bucket " + bucket + " does not exist.");
            s3.createBucket(b -> b.bucket(bucket));
            assertThatThrownBy(() -> cloudTrail.createTrail(b -> b.name("a..b").s3BucketName(bucket)))
                    .isInstanceOf(InvalidTrailNameException.class);

            JsonNode created = json(cloudTrail("create-trail", "--name", trail, "--s3-bucket-name", bucket));
            assertThat(created.path("TrailARN").asText()).isEqualTo(arn);
            assertThatThrownBy(() -> cloudTrail.createTrail(b -> b.name(trail).s3BucketName(bucket)))
                    .isInstanceOf(TrailAlreadyExistsException.class);
            // Not logging until StartLogging, as on AWS.
            assertThat(cloudTrail.getTrailStatus(b -> b.name(trail)).isLogging())
                    .isFalse();

            json(cloudTrail("start-logging", "--name", trail));
            String stream = "trailed-" + suffix;
            List<String> requestIds = new ArrayList<>();
            requestIds.add(kinesis.createStream(b -> b.streamName(stream).shardCount(1))
                    .responseMetadata()
                    .requestId());
            ResourceNotFoundException missing = catchThrowableOfType(
                    ResourceNotFoundException.class,
                    () -> kinesis.describeStreamSummary(b -> b.streamName("missing-" + suffix)));
            requestIds.add(missing.requestId());
            requestIds.add(kinesis.listStreams().responseMetadata().requestId());

            // Nothing below calls the gateway until the files are read: the trail holds these three calls only.
            List<JsonNode> records = awaitRecords(s3, bucket, 3);
            assertThat(records)
                    .extracting(r -> r.path("eventName").asText())
                    .containsExactly("CreateStream", "DescribeStreamSummary", "ListStreams");
            assertThat(records).extracting(r -> r.path("requestID").asText()).isEqualTo(requestIds);
            assertThat(records).allSatisfy(record -> {
                assertThat(record.path("eventSource").asText()).isEqualTo("kinesis.amazonaws.com");
                assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("Root");
                assertThat(record.path("userIdentity").path("accessKeyId").asText())
                        .isEqualTo(AuditedNode.ROOT_KEY);
                assertThat(record.path("recipientAccountId").asText()).isEqualTo(AuditedNode.ACCOUNT);
            });
            assertThat(records.get(0)
                            .path("requestParameters")
                            .path("streamName")
                            .asText())
                    .isEqualTo(stream);
            assertThat(records.get(0).has("errorCode")).isFalse();
            assertThat(records.get(1).path("errorCode").asText()).isEqualTo("ResourceNotFoundException");

            // The key is CloudTrail's, and `aws s3 cp` fetches the file as a user would.
            String key = keys(s3, bucket).get(0);
            assertThat(key)
                    .matches("AWSLogs/" + AuditedNode.ACCOUNT + "/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/"
                            + AuditedNode.ACCOUNT + "_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[0-9a-f]{16}\\.json\\.gz");
            Path copy = Files.createTempFile("trail", ".json.gz");
            try {
                AwsCliV2.Result cp = AwsCliV2.run(
                        node.s3().endpoint(),
                        LocalS3.ACCESS_KEY,
                        LocalS3.SECRET_KEY,
                        "s3",
                        "cp",
                        "s3://" + bucket + "/" + key,
                        copy.toString());
                assertThat(cp.exit()).as(cp.err()).isZero();
                try (InputStream in = new GZIPInputStream(Files.newInputStream(copy))) {
                    assertThat(JSON.readTree(in)
                                    .path("Records")
                                    .get(0)
                                    .path("requestID")
                                    .asText())
                            .isEqualTo(requestIds.get(0));
                }
            } finally {
                Files.deleteIfExists(copy);
            }

            JsonNode status = json(cloudTrail("get-trail-status", "--name", arn));
            assertThat(status.path("IsLogging").asBoolean()).isTrue();
            assertThat(status.has("StartLoggingTime")).isTrue();
            assertThat(status.has("LatestDeliveryTime")).isTrue();
            assertThat(status.has("LatestDeliveryError")).isFalse();
            JsonNode described = json(cloudTrail("describe-trails", "--trail-name-list", trail));
            assertThat(described.path("trailList").get(0).path("S3BucketName").asText())
                    .isEqualTo(bucket);
            assertThat(described.path("trailList").get(0).path("HomeRegion").asText())
                    .isEqualTo("us-east-1");
            cloudTrail.stopLogging(b -> b.name(trail));
            GetTrailStatusResponse stopped = cloudTrail.getTrailStatus(b -> b.name(trail));
            assertThat(stopped.isLogging()).isFalse();
            assertThat(stopped.stopLoggingTime()).isAfterOrEqualTo(stopped.startLoggingTime());

            json(cloudTrail("delete-trail", "--name", trail));
            assertThatThrownBy(() -> cloudTrail.getTrailStatus(b -> b.name(trail)))
                    .isInstanceOf(TrailNotFoundException.class)
                    .hasMessageContaining("Unknown trail: " + arn);
        }
    }

    @Test
    void twoGatewaysDeliverEveryCallOnceWhenOneLeaves() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String trail = "shared-trail-" + suffix;
        String bucket = "shared-bucket-" + suffix;
        List<String> requestIds = new ArrayList<>();
        AuditedNode second = AuditedNode.start(
                Map.of(
                        CloudTrailConfig.TOPIC, node.auditTopic(),
                        CloudTrailConfig.TRAILS_TOPIC, node.trailsTopic(),
                        CloudTrailConfig.DELIVERY_PERIOD_MS, "2000"),
                node.s3());
        try (S3Client s3 = s3Client();
                CloudTrailClient first = node.client(CloudTrailClient.builder(), AuditedNode.ROOT)) {
            s3.createBucket(b -> b.bucket(bucket));
            first.createTrail(b -> b.name(trail).s3BucketName(bucket));
            try (CloudTrailClient other = second.client(CloudTrailClient.builder(), AuditedNode.ROOT)) {
                // Trails are in the shared store: the second gateway starts what the first created.
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .until(() -> other.startLogging(b -> b.name(trail)) != null);
            }
            try (KinesisClient a = node.client(KinesisClient.builder(), AuditedNode.ROOT);
                    KinesisClient b = second.client(KinesisClient.builder(), AuditedNode.ROOT)) {
                for (int i = 0; i < 6; i++) {
                    String name = "two-" + suffix + "-" + i;
                    KinesisClient via = i % 2 == 0 ? a : b;
                    requestIds.add(via.createStream(r -> r.streamName(name).shardCount(1))
                            .responseMetadata()
                            .requestId());
                }
                awaitRequestIds(s3, bucket, requestIds);
                second.close();
                second = null;
                for (int i = 6; i < 10; i++) {
                    String name = "two-" + suffix + "-" + i;
                    requestIds.add(a.createStream(r -> r.streamName(name).shardCount(1))
                            .responseMetadata()
                            .requestId());
                }
            }
            List<String> delivered = awaitRequestIds(s3, bucket, requestIds);
            assertThat(delivered).doesNotHaveDuplicates().containsAll(requestIds);
        } finally {
            if (second != null) {
                second.close();
            }
            try (CloudTrailClient first = node.client(CloudTrailClient.builder(), AuditedNode.ROOT)) {
                first.deleteTrail(b -> b.name(trail));
            }
        }
    }

    /** Waits until the bucket's log files hold {@code wanted}; returns every request id they hold, in file order. */
    private static List<String> awaitRequestIds(S3Client s3, String bucket, List<String> wanted) {
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ids.clear();
                    records(s3, bucket)
                            .forEach(record -> ids.add(record.path("requestID").asText()));
                    return ids.containsAll(wanted);
                });
        return ids;
    }

    private static List<JsonNode> awaitRecords(S3Client s3, String bucket, int count) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> records(s3, bucket).size() >= count);
        // One more period: nothing else may arrive.
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return records(s3, bucket);
    }

    /** The Records of every log file in the bucket, files in key order. */
    private static List<JsonNode> records(S3Client s3, String bucket) {
        List<JsonNode> records = new ArrayList<>();
        for (String key : keys(s3, bucket)) {
            try (InputStream in =
                    new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(key)))) {
                JSON.readTree(in).path("Records").forEach(records::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }

    private static List<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    private static S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(node.s3().endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .build();
    }

    private static JsonNode json(AwsCliV2.Result result) throws IOException {
        assertThat(result.exit()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }

    private static AwsCliV2.Result cloudTrail(String... arguments) throws Exception {
        return cli("cloudtrail", arguments);
    }

    private static AwsCliV2.Result cli(String service, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(service));
        command.addAll(List.of(arguments));
        return AwsCliV2.run(
                node.endpoint(), AuditedNode.ROOT_KEY, AuditedNode.ROOT_SECRET, command.toArray(String[]::new));
    }
}
