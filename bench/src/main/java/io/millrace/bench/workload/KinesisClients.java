package io.millrace.bench.workload;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Builds the SDK client every Kinesis workload uses, configured the way a real application would be. */
public final class KinesisClients {

    /** Bounds every call, retries included, so that a stuck endpoint cannot stall a run forever. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

    private KinesisClients() {
    }

    /**
     * A blocking client with one pooled connection per client thread. The SDK decides between CBOR and JSON 1.1
     * from the {@code aws.cborEnabled} system property when a client is built, and offers no per-client switch:
     * the property is set here, which is fine for a command-line tool that talks to one endpoint per run.
     */
    public static KinesisClient create(KinesisTarget target, int connections) {
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), Boolean.toString(target.cbor()));
        return KinesisClient.builder()
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
}
