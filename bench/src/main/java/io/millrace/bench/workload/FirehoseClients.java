package io.millrace.bench.workload;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The SDK clients of the {@code firehose} workload: Firehose on the endpoint under test, S3 where it delivers. */
public final class FirehoseClients {

    /** Bounds every call, retries included, so that a stuck endpoint cannot stall a run forever. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

    private FirehoseClients() {
    }

    /** Firehose speaks JSON 1.1 only (no CBOR in its protocol); one pooled connection per writer thread. */
    public static FirehoseClient firehose(KinesisTarget target, int connections) {
        return FirehoseClient.builder()
                .endpointOverride(target.endpoint())
                .region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKey(), target.secretKey())))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(Math.max(1, connections))
                        .connectionTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT))
                .build();
    }

    public static S3Client s3(S3Target target) {
        var builder = S3Client.builder()
                .region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKey(), target.secretKey())))
                .forcePathStyle(target.pathStyle())
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        return builder.build();
    }
}
