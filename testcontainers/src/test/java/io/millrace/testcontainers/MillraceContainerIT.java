package io.millrace.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The container of the image built from {@code docker/Dockerfile}: ready, and serving Kinesis and S3 through the
 * mapped ports. Skipped, and reported as such, where no Docker engine answers (the build machines have none) or the
 * image has not been built ({@code docker build -f docker/Dockerfile -t millrace:latest .}; another image with
 * {@code -Dmillrace.image=NAME:TAG}).
 */
@Testcontainers(disabledWithoutDocker = true)
class MillraceContainerIT {

    private static final DockerImageName IMAGE = DockerImageName.parse(
                    System.getProperty("millrace.image", MillraceContainer.DEFAULT_IMAGE.asCanonicalNameString()))
            .asCompatibleSubstituteFor(MillraceContainer.DEFAULT_IMAGE);

    private static MillraceContainer millrace;

    @BeforeAll
    static void start() {
        assumeTrue(
                imageIsBuilt(),
                "image " + IMAGE.asCanonicalNameString() + " is not built here: docker build -f docker/Dockerfile -t"
                        + " millrace:latest . (from the repository root)");
        millrace = new MillraceContainer(IMAGE);
        millrace.start();
    }

    @AfterAll
    static void stop() {
        if (millrace != null) {
            millrace.stop();
        }
    }

    private static boolean imageIsBuilt() {
        try {
            DockerClientFactory.instance()
                    .client()
                    .inspectImageCmd(IMAGE.asCanonicalNameString())
                    .exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void kinesisRecordsPutThroughTheMappedPortAreReadBack() {
        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(millrace.getEndpoint())
                .region(Region.of(millrace.getRegion()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            kinesis.createStream(b -> b.streamName("container-orders").shardCount(1));
            kinesis.waiter()
                    .waitUntilStreamExists(
                            b -> b.streamName("container-orders"), w -> w.waitTimeout(Duration.ofSeconds(60)));
            kinesis.putRecord(b ->
                    b.streamName("container-orders").partitionKey("k").data(SdkBytes.fromUtf8String("in a container")));
            String iterator = kinesis.getShardIterator(b -> b.streamName("container-orders")
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(Record::data)
                    .extracting(SdkBytes::asUtf8String)
                    .containsExactly("in a container");
        }
    }

    @Test
    void theS3StoreTakesTheContainersKeys() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(millrace.getS3Endpoint())
                .region(Region.of(millrace.getRegion()))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.createBucket(b -> b.bucket("container-lake"));
            s3.putObject(b -> b.bucket("container-lake").key("k"), RequestBody.fromString("v"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("container-lake").key("k"))
                            .asUtf8String())
                    .isEqualTo("v");
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(millrace.getAccessKey(), millrace.getSecretKey()));
    }
}
