package io.millrace.kinesis.usage;

/** What one gateway admitted on one shard during one publishing interval. */
public record ShardUsage(int shard, long writeRecords, long writeBytes, long getRecordsCalls, long readBytes) {

    public ShardUsage {
        if (shard < 0 || writeRecords < 0 || writeBytes < 0 || getRecordsCalls < 0 || readBytes < 0) {
            throw new IllegalArgumentException("shard and usage must not be negative");
        }
    }

    boolean hasWrites() {
        return writeRecords > 0 || writeBytes > 0;
    }
}
