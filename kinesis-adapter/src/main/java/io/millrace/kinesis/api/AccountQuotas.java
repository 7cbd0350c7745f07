package io.millrace.kinesis.api;

import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.StreamMode;

/**
 * The account's quotas, counted over every stream (LimitExceededException, worded as AWS's): open shards, for
 * requests that add shards, and on-demand streams, for requests that make one.
 */
final class AccountQuotas {

    private final KinesisBackend backend;

    AccountQuotas(KinesisBackend backend) {
        this.backend = backend;
    }

    void checkShards(AwsRequest request, int additional) {
        if (additional <= 0) {
            return;
        }
        int limit = backend.config().getInt(KinesisConfig.ACCOUNT_SHARD_LIMIT);
        int open = backend.metadata().streams().stream()
                .mapToInt(Shards::openCount)
                .sum();
        if ((long) open + additional > limit) {
            throw KinesisErrors.limitExceeded("This request would exceed the shard limit for the account "
                    + backend.accountId() + " in " + request.region() + ". Current shard count for the account: "
                    + open + ". Limit: " + limit + ". Number of additional shards that would have resulted from"
                    + " this request: " + additional + ".");
        }
    }

    void checkOneMoreOnDemandStream() {
        long onDemand = backend.metadata().streams().stream()
                .filter(s -> s.getMode() == StreamMode.ON_DEMAND)
                .count();
        int limit = backend.config().getInt(KinesisConfig.ON_DEMAND_STREAM_LIMIT);
        if (onDemand >= limit) {
            throw KinesisErrors.limitExceeded("This request would exceed the on-demand stream count limit of " + limit
                    + " for the account " + backend.accountId() + ".");
        }
    }
}
