package io.millrace.analytics.source;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Asks the gateway whether the job's role may read a stream, with the calls AWS's Kinesis source makes with the
 * role's credentials: DescribeStream, GetShardIterator and GetRecords (of at most one record, from LATEST, so
 * nothing is read twice), signed with the role session's credentials. The gateway authenticates the session and
 * evaluates the role's policies current at that moment for {@code kinesis:DescribeStream},
 * {@code kinesis:GetShardIterator} and {@code kinesis:GetRecords} on the stream's ARN, and CloudTrail records the
 * calls: the same decision, wording and trail as any other caller's.
 */
final class ReadAuthorizer implements AutoCloseable {

    /** Answers that refuse the caller; anything else (throttling, a missing stream, the network) decides nothing. */
    private static final Set<String> REFUSALS = Set.of(
            "AccessDeniedException",
            "ExpiredTokenException",
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "IncompleteSignature",
            "MissingAuthenticationToken",
            "KMSAccessDeniedException");

    private final KinesisClient kinesis;

    ReadAuthorizer(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    static ReadAuthorizer of(ReadAccess access) {
        AwsCredentials credentials = access.sessionToken() == null
                ? AwsBasicCredentials.create(access.accessKeyId(), access.secretAccessKey())
                : AwsSessionCredentials.create(access.accessKeyId(), access.secretAccessKey(), access.sessionToken());
        return new ReadAuthorizer(KinesisClient.builder()
                .endpointOverride(URI.create(access.endpoint()))
                .region(Region.of(access.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build());
    }

    /**
     * Returns once the role may read {@code stream}.
     *
     * @throws StreamReadDeniedException when the gateway refuses one of the calls
     * @throws SdkClientException or a {@link KinesisException} that is no refusal, when nothing was decided
     */
    void authorize(String stream) {
        try {
            String shard = kinesis.describeStream(b -> b.streamName(stream).limit(1))
                    .streamDescription()
                    .shards()
                    .get(0)
                    .shardId();
            String iterator = kinesis.getShardIterator(
                            b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                    .shardIterator();
            kinesis.getRecords(b -> b.shardIterator(iterator).limit(1));
        } catch (KinesisException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && REFUSALS.contains(code)) {
                throw new StreamReadDeniedException(code, e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        kinesis.close();
    }
}
