package io.millrace.firehose.catalog;

import io.millrace.firehose.config.GluePartitionSettings;
import io.millrace.firehose.s3.S3Clients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/** The Glue client partitions are registered with: the configured endpoint (the platform's gateway) or AWS Glue. */
final class GluePartitionClients {

    private GluePartitionClients() {}

    static GlueClient create(GluePartitionSettings settings) {
        GlueClientBuilder builder = GlueClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(S3Clients.credentials(settings.accessKeyId(), settings.secretAccessKey()))
                // The URL connection client, as Iceberg's Glue client in this plugin uses: no second HTTP stack.
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
                // Bounded: a stalled catalog delays only the next registration, retried with backoff.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(15))
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build());
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }
}
