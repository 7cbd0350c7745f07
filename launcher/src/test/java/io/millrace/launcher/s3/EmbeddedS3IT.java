package io.millrace.launcher.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.launcher.net.Ports;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

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
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .forcePathStyle(true)
                .build();
    }
}
