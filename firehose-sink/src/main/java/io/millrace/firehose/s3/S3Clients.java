package io.millrace.firehose.s3;

import io.millrace.firehose.config.FirehoseSinkConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of a task from its configuration (AWS S3 or any S3-compatible endpoint). */
public final class S3Clients {
    private S3Clients() {}

    /**
     * The task's credentials: s3.access.key.id and its secret, or the AWS SDK's default chain without them. They
     * stand for the delivery stream's role, with which Firehose writes to S3 and signs its requests to OpenSearch.
     */
    public static AwsCredentialsProvider credentials(FirehoseSinkConfig config) {
        return credentials(config.accessKeyId(), config.secretAccessKey());
    }

    public static S3Client create(FirehoseSinkConfig config) {
        AwsCredentialsProvider credentials = credentials(config);
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.s3Region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyleAccess())
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
                // Bounded so that a stalled store cannot hold the task past Kafka's max.poll.interval.ms;
                // the task retries with its own backoff after that.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(30))
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build());
        if (!config.s3Endpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.s3Endpoint()));
        }
        return builder.build();
    }

    /** The given key, or the SDK's default chain when none is configured. */
    public static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        return accessKeyId.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}
