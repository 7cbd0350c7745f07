package io.millrace.cloudtrail.s3;

import io.millrace.gateway.config.S3Settings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The buckets trails deliver to, in the platform's S3 store: the one {@link S3Settings} the Firehose API and the
 * application API use ({@code millrace up}'s embedded store, or any S3 endpoint).
 */
public final class TrailBuckets implements AutoCloseable {

    /**
     * Bounded well below the delivery consumer's {@code max.poll.interval.ms}: a PUT runs on the thread that polls,
     * so a stalled store must not cost the consumer its partitions while a write is in flight.
     */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final S3Client s3;

    public TrailBuckets(S3Settings.S3Connection connection) {
        AwsCredentialsProvider credentials = connection.accessKeyId().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey()));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(connection.pathStyleAccess())
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (!connection.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(connection.endpoint()));
        }
        this.s3 = builder.build();
    }

    /** Whether the store has {@code bucket}; other failures of the store propagate. */
    public boolean exists(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Writes (or overwrites) one log file. */
    public void put(String bucket, String key, byte[] gzipped) {
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType("application/json").contentEncoding("gzip"),
                RequestBody.fromBytes(gzipped));
    }

    @Override
    public void close() {
        s3.close();
    }
}
