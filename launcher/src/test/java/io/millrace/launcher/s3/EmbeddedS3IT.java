package io.millrace.launcher.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.launcher.net.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedS3IT {

    @TempDir
    Path dir;

    @Test
    void objectsSurviveARestartOnTheSameDirectoryAndAnyCredentialsWork() throws Exception {
        int port = Ports.pickFree();
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "127.0.0.1", port);
                S3Client client = client(s3, "anyone")) {
            assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + port);
            client.createBucket(b -> b.bucket("lake"));
            client.putObject(b -> b.bucket("lake").key("a/b.txt"), RequestBody.fromString("kept"));
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "127.0.0.1", 0);
                S3Client client = client(s3, "someone-else")) {
            assertThat(client.getObject(b -> b.bucket("lake").key("a/b.txt"), ResponseTransformer.toBytes())
                            .asUtf8String())
                    .isEqualTo("kept");
        }
    }

    @Test
    void exposedItAcceptsOnlyRequestsSignedWithItsIdentity() throws Exception {
        S3Credentials identity = S3Credentials.loadOrCreate(dir.resolve("s3-credentials"));
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, Optional.of(identity));
                S3Client owner = client(s3, identity.accessKeyId(), identity.secretAccessKey());
                S3Client stranger = client(s3, "anyone", "secret");
                S3Client wrongSecret = client(s3, identity.accessKeyId(), "not-the-secret")) {
            owner.createBucket(b -> b.bucket("lake"));
            owner.putObject(b -> b.bucket("lake").key("k"), RequestBody.fromString("v"));
            assertThatThrownBy(() -> stranger.listObjectsV2(b -> b.bucket("lake")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(
                            () -> wrongSecret.getObject(b -> b.bucket("lake").key("k"), ResponseTransformer.toBytes()))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThat(owner.getObject(b -> b.bucket("lake").key("k"), ResponseTransformer.toBytes())
                            .asUtf8String())
                    .isEqualTo("v");
        }
    }

    @Test
    void aRelativeDirectoryWithDotSegmentsWorksLikeTheDefaultDataDir() throws Exception {
        // ./millrace up keeps its default data dir as ./data, so the store's directory arrives as ./data/s3.
        Path relative =
                Path.of("").toAbsolutePath().relativize(dir).resolve(".").resolve("s3");
        try (EmbeddedS3 s3 = EmbeddedS3.start(relative, "127.0.0.1", 0);
                S3Client client = client(s3, "anyone")) {
            client.createBucket(b -> b.bucket("lake"));
            client.putObject(b -> b.bucket("lake").key("k"), RequestBody.fromString("v"));
            assertThat(client.listObjectsV2(b -> b.bucket("lake")).contents()).hasSize(1);
        }
    }

    private static S3Client client(EmbeddedS3 s3, String accessKey) {
        return client(s3, accessKey, "secret");
    }

    private static S3Client client(EmbeddedS3 s3, String accessKey, String secret) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .forcePathStyle(true)
                .build();
    }
}
