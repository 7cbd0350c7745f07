package io.millrace.kinesis.usage;

/** What one gateway's enhanced fan-out subscriptions sent one consumer from one shard during one interval. */
public record FanOutUsage(String consumer, int shard, long bytes) {

    public FanOutUsage {
        if (consumer == null || consumer.isEmpty() || shard < 0 || bytes < 0) {
            throw new IllegalArgumentException("a consumer, and shard and bytes not negative, are required");
        }
    }
}
