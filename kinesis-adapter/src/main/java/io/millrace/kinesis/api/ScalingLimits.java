package io.millrace.kinesis.api;

import io.millrace.kinesis.errors.KinesisErrors;

/**
 * The default limits of UpdateShardCount, each a LimitExceededException (API reference, UpdateShardCount): at most
 * ten scalings per rolling 24 hours per stream; a target at most double and at least half the open shards; no
 * more than 10,000 shards in a stream, and a stream above 10,000 shards only scaled down below 10,000. The account
 * shard limit is {@link ShardQuota}'s. Pure, so each bound is tested on its own.
 */
final class ScalingLimits {

    /** Scalings per stream per rolling 24 hours. */
    static final int SCALINGS_PER_DAY = 10;
    /** Shards per stream (the default "shards per stream" limit UpdateShardCount documents). */
    static final int MAX_STREAM_SHARDS = 10_000;

    private ScalingLimits() {}

    /**
     * @param open          the stream's open shards (not being closed by a reshard)
     * @param scalingsToday the stream's UpdateShardCount calls of the last 24 hours
     */
    static void check(String stream, String accountId, int open, int target, long scalingsToday) {
        String prefix = "UpdateShardCount failed for stream " + stream + " under account " + accountId + ". ";
        if (target > MAX_STREAM_SHARDS) {
            throw KinesisErrors.limitExceeded(prefix + "Target shard count " + target + " exceeds the limit of "
                    + MAX_STREAM_SHARDS + " shards per stream.");
        }
        if (open > MAX_STREAM_SHARDS && target >= MAX_STREAM_SHARDS) {
            throw KinesisErrors.limitExceeded(prefix + "A stream with " + open + " shards can only be scaled down"
                    + " below " + MAX_STREAM_SHARDS + " shards; target shard count " + target + " is not.");
        }
        if ((long) target > 2L * open) {
            throw KinesisErrors.limitExceeded(prefix + "Target shard count " + target
                    + " cannot be greater than double the current open shard count " + open + ".");
        }
        if (2L * target < open) {
            throw KinesisErrors.limitExceeded(prefix + "Target shard count " + target
                    + " cannot be less than half the current open shard count " + open + ".");
        }
        if (scalingsToday >= SCALINGS_PER_DAY) {
            throw KinesisErrors.limitExceeded(prefix + "The stream was already scaled " + scalingsToday
                    + " times in the last 24 hours; the limit is " + SCALINGS_PER_DAY + ".");
        }
    }
}
