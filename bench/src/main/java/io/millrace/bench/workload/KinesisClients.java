package io.millrace.bench.workload;

import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Builds the SDK client every Kinesis workload uses, configured the way a real application would be. */
public final class KinesisClients {

    private KinesisClients() {
    }

    /**
     * A blocking client with one pooled connection per client thread. The SDK decides between CBOR and JSON 1.1
     * from the {@code aws.cborEnabled} system property when a client is built, and offers no per-client switch:
     * the property is set here, which is fine for a command-line tool that talks to one endpoint per run.
     */
    public static KinesisClient create(KinesisTarget target, int connections) {
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), Boolean.toString(target.cbor()));
        return SdkClientSettings.apply(KinesisClient.builder(), target.endpoint(), target.region(),
                target.accessKey(), target.secretKey(), connections).build();
    }
}
