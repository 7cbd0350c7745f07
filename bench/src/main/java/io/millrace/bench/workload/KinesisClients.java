package io.millrace.bench.workload;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Builds the SDK client every Kinesis workload uses, configured the way a real application would be. */
public final class KinesisClients {

    private KinesisClients() {}

    /**
     * A blocking client with one pooled connection per client thread. The SDK decides between CBOR and JSON 1.1
     * from the {@code aws.cborEnabled} system property when a client is built, and offers no per-client switch:
     * the property is set here, which is fine for a command-line tool that talks to one endpoint per run.
     */
    public static KinesisClient create(KinesisTarget target, int connections) {
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), Boolean.toString(target.cbor()));
        return SdkClientSettings.apply(
                        KinesisClient.builder(),
                        target.endpoint(),
                        target.region(),
                        target.accessKey(),
                        target.secretKey(),
                        connections,
                        target.caBundle())
                .build();
    }

    /**
     * The async client SubscribeToShard needs: the SDK's Netty client over HTTP/2 (prior knowledge on plain http,
     * TLS with ALPN on https), as Kinesis applications and the KCL use it. No call timeout, since an event stream
     * lasts 5 minutes, and no SDK retries: the fan-out readers renew and retry subscriptions themselves.
     *
     * @param subscriptions event streams open at once (one per shard)
     */
    public static KinesisAsyncClient createAsync(KinesisTarget target, int subscriptions) {
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), Boolean.toString(target.cbor()));
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder();
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        return builder.region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKey(), target.secretKey())))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .maxConcurrency(Math.max(50, 2 * subscriptions))
                        .tlsTrustManagersProvider(
                                target.caBundle() == null ? null : CaBundle.trusting(target.caBundle())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
