package io.millrace.bench.workload;

import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The SDK clients of the {@code firehose} workload: Firehose on the endpoint under test, S3 where it delivers. */
public final class FirehoseClients {

    private FirehoseClients() {}

    /** Firehose speaks JSON 1.1 only (no CBOR in its protocol); one pooled connection per writer thread. */
    public static FirehoseClient firehose(KinesisTarget target, int connections) {
        return SdkClientSettings.apply(
                        FirehoseClient.builder(),
                        target.endpoint(),
                        target.region(),
                        target.accessKey(),
                        target.secretKey(),
                        connections,
                        target.caBundle())
                .build();
    }

    /** One connection: a single watcher lists and reads the delivered objects. */
    public static S3Client s3(S3Target target) {
        return s3(target, 1);
    }

    /** One pooled connection per thread, for the raw S3 baseline's writers. */
    public static S3Client s3(S3Target target, int connections) {
        return SdkClientSettings.apply(
                        S3Client.builder(),
                        target.endpoint(),
                        target.region(),
                        target.accessKey(),
                        target.secretKey(),
                        connections,
                        null)
                .forcePathStyle(target.pathStyle())
                .build();
    }
}
