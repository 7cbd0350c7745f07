package io.millrace.bench.workload;

import software.amazon.awssdk.services.lambda.LambdaClient;

/** The Lambda client of {@code e2e --lambda}: on the Kinesis endpoint, set up as every client of the bench. */
public final class LambdaClients {

    private LambdaClients() {}

    public static LambdaClient create(KinesisTarget target) {
        return SdkClientSettings.apply(
                        LambdaClient.builder(),
                        target.endpoint(),
                        target.region(),
                        target.accessKey(),
                        target.secretKey(),
                        2,
                        target.caBundle())
                .build();
    }
}
