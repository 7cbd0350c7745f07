package io.millrace.kinesis.throttle;

/**
 * AWS's per-shard quotas for a provisioned Kinesis data stream, in one place.
 *
 * <ul>
 *   <li>Writes: "Each shard can support writes up to 1,000 records per second, up to a maximum data write total of
 *       1 MiB per second" (PutRecords API reference); "The record size limit applies to the total size of the
 *       partition key and data blob", so both count.</li>
 *   <li>Records larger than 1 MiB (up to 10 MiB, "Handle large records" in the developer guide): the per-shard
 *       1 MB/s write limit "remains unchanged"; the stream "accommodates large records by temporarily bursting beyond
 *       its sustained write throughput, then returning to its baseline rate over time".</li>
 *   <li>Reads: "each shard can read up to 2 MiB per second"; GetRecords "has a limit of five transactions per second
 *       per shard"; "The maximum size of data that GetRecords can return is 10 MiB. If a call returns this amount of
 *       data, subsequent calls made within the next 5 seconds throw ProvisionedThroughputExceededException"
 *       (GetRecords API reference).</li>
 * </ul>
 */
final class ShardQuotas {

    static final long MIB = 1024L * 1024L;

    static final long WRITE_RECORDS_PER_SECOND = 1_000;
    static final long WRITE_BYTES_PER_SECOND = MIB;

    static final long GET_RECORDS_CALLS_PER_SECOND = 5;
    static final long READ_BYTES_PER_SECOND = 2 * MIB;

    private ShardQuotas() {}
}
