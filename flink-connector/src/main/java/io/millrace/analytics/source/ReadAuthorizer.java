package io.millrace.analytics.source;

import io.millrace.analytics.access.GatewayClients;
import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.StreamAccessDeniedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Asks the gateway whether the job's role may read a stream, with the calls AWS's Kinesis source makes with the
 * role's credentials: DescribeStream, GetShardIterator and GetRecords (of at most one record, from LATEST, so
 * nothing is read twice), signed with the role session's credentials. The gateway authenticates the session and
 * evaluates the role's policies current at that moment for {@code kinesis:DescribeStream},
 * {@code kinesis:GetShardIterator} and {@code kinesis:GetRecords} on the stream's ARN, and CloudTrail records the
 * calls: the same decision, wording and trail as any other caller's. The credentials are renewed before they
 * expire when the job has a grant ({@link io.millrace.analytics.access.RoleCredentials}).
 */
final class ReadAuthorizer implements AutoCloseable {

    private final KinesisClient kinesis;

    ReadAuthorizer(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    static ReadAuthorizer of(RoleAccess access) {
        return new ReadAuthorizer(GatewayClients.kinesis(access));
    }

    /**
     * Returns once the role may read {@code stream}.
     *
     * @throws StreamAccessDeniedException when the gateway refuses one of the calls
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
            throw GatewayClients.refusal(e).orElseThrow(() -> e);
        }
    }

    @Override
    public void close() {
        kinesis.close();
    }
}
