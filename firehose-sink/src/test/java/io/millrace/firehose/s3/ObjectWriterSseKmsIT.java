package io.millrace.firehose.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * SSE-KMS asked of the store the launcher embeds (S3Proxy 4.1.0 on a filesystem blob store): what it really does with
 * {@code x-amz-server-side-encryption: aws:kms}, and what the writer makes of it.
 */
class ObjectWriterSseKmsIT {

    private static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    static Path dir;

    private static S3Proxy proxy;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("s3"));
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(
                        dir.resolve("s3").toAbsolutePath().toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .forcePathStyle(true)
                .build();
        s3.createBucket(b -> b.bucket("sealed"));
        s3.createBucket(b -> b.bucket("plain"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        proxy.stop();
    }

    @Test
    void theFilesystemStoreRefusesSseKmsAndNothingIsWrittenUnencrypted() throws Exception {
        Path file = Files.writeString(dir.resolve("object"), "records");
        ObjectWriter writer = new ObjectWriter(s3, Map.of("sealed", KEY_ARN));

        assertThatThrownBy(() -> writer.put("sealed", "k", file, Optional.empty()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(501);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("The S3 store refused SSE-KMS with " + KEY_ARN)
                            .contains("Server-side encryption is not supported.");
                });
        assertThat(s3.listObjectsV2(b -> b.bucket("sealed")).contents()).isEmpty();

        // Buckets without a key are written as before.
        writer.put("plain", "k", file, Optional.empty());
        assertThat(s3.headObject(b -> b.bucket("plain").key("k")).serverSideEncryption())
                .isNull();
    }
}
