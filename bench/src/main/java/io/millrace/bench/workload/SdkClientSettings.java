package io.millrace.bench.workload;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;

/** How every SDK client of the bench is set up, the way a real application would set it up. */
final class SdkClientSettings {

    /** Bounds every call, retries included, so that a stuck endpoint cannot stall a run forever. */
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

    private SdkClientSettings() {}

    /**
     * Static credentials, a pooled blocking HTTP client and the call timeout.
     *
     * @param endpoint    the endpoint, or null for AWS's own
     * @param connections pooled connections: one per client thread
     * @param caBundle    the CAs an https endpoint is trusted by, or null for the JVM's
     */
    static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B apply(
            B builder,
            URI endpoint,
            String region,
            String accessKey,
            String secretKey,
            int connections,
            Path caBundle) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(Math.max(1, connections))
                        .connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(caBundle == null ? null : CaBundle.trusting(caBundle)))
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
    }
}
