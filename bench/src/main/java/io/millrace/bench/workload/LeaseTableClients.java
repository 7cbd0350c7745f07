package io.millrace.bench.workload;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client of the leases workload, on the endpoint under test (Millrace serves DynamoDB there too). */
public final class LeaseTableClients {

    private LeaseTableClients() {}

    /** A blocking client with one pooled connection per client thread, as the other workloads' clients. */
    public static DynamoDbClient create(KinesisTarget target, int connections) {
        return SdkClientSettings.apply(
                        DynamoDbClient.builder(),
                        target.endpoint(),
                        target.region(),
                        target.accessKey(),
                        target.secretKey(),
                        connections,
                        target.caBundle())
                .build();
    }
}
