package io.millrace.kinesis.api;

import io.millrace.kinesis.config.KinesisAdapterConfig;
import io.millrace.kinesis.metadata.Shards;
import io.millrace.kinesis.protocol.ApiException;
import io.millrace.kinesis.protocol.AwsRequest;

/** The account's open-shard quota (LimitExceededException, worded as AWS's) for requests that add shards. */
final class ShardQuota {

    private final KinesisBackend backend;

    ShardQuota(KinesisBackend backend) {
        this.backend = backend;
    }

    void check(AwsRequest request, int additional) {
        if (additional <= 0) {
            return;
        }
        int limit = backend.config().getInt(KinesisAdapterConfig.ACCOUNT_SHARD_LIMIT);
        int open = backend.metadata().view().streams().stream().mapToInt(Shards::openCount).sum();
        if ((long) open + additional > limit) {
            throw ApiException.limitExceeded("This request would exceed the shard limit for the account "
                    + backend.accountId() + " in " + request.region() + ". Current shard count for the account: "
                    + open + ". Limit: " + limit + ". Number of additional shards that would have resulted from"
                    + " this request: " + additional + ".");
        }
    }
}
