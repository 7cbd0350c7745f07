package io.millrace.agent.send;

import io.millrace.agent.config.AgentConfig;
import io.millrace.agent.config.Destination;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The SDK clients of a flow's destination and of the agent's metrics, per agent.json: its endpoint and region, the configured keys or else the
 * SDK's default credential chain. The SDK's own retries are off: {@link BatchSender} retries, and never gives up.
 */
public final class Clients {

    private Clients() {}

    public static DestinationClient forDestination(AgentConfig config, Destination destination) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60));
        if (destination.kind() == Destination.Kind.KINESIS) {
            var builder = KinesisClient.builder()
                    .region(Region.of(config.kinesisRegion()))
                    .credentialsProvider(credentials(config))
                    .httpClientBuilder(http)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (config.kinesisEndpoint() != null) {
                builder.endpointOverride(config.kinesisEndpoint());
            }
            return new KinesisDestination(builder.build(), destination.name());
        }
        var builder = FirehoseClient.builder()
                .region(Region.of(config.firehoseRegion()))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (config.firehoseEndpoint() != null) {
            builder.endpointOverride(config.firehoseEndpoint());
        }
        return new FirehoseDestination(builder.build(), destination.name());
    }

    /**
     * The CloudWatch client of the agent's metrics: short timeouts and no retries, since it runs on a thread of its own
     * and what it cannot deliver is dropped (as the agent's publisher drops it).
     */
    public static CloudWatchClient forCloudWatch(AgentConfig config) {
        var builder = CloudWatchClient.builder()
                .region(Region.of(config.cloudWatch().region()))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (config.cloudWatch().endpoint() != null) {
            builder.endpointOverride(config.cloudWatch().endpoint());
        }
        return builder.build();
    }

    /** Where the CloudWatch client sends, for the log. */
    public static String cloudWatchWhere(AgentConfig config) {
        URI endpoint = config.cloudWatch().endpoint();
        return endpoint != null
                ? endpoint.toString()
                : "monitoring." + config.cloudWatch().region() + ".amazonaws.com";
    }

    private static AwsCredentialsProvider credentials(AgentConfig config) {
        if (config.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (config.sessionToken() != null) {
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    config.accessKeyId(), config.secretAccessKey(), config.sessionToken()));
        }
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
    }
}
