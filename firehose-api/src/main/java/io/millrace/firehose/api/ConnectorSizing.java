package io.millrace.firehose.api;

import io.millrace.firehose.config.ProcessingKeys;
import java.util.Map;

/**
 * How many tasks a delivery stream's connector runs and how much its consumer takes per poll. A DirectPut stream
 * gets a task for each partition of its topic (at least {@code tasksMax}): one task thread does the consumer's
 * fetch and parse, Connect's conversion and the buffering of its partitions, so one partition per task lets them
 * drain in parallel. AWS promises no order of records within a delivery stream, only that each is delivered; each
 * partition is its own object stream (object keys and the segment log are per partition), so exactly-once holds
 * per partition as it does for a Kinesis source's shards.
 *
 * <p>A stream without a Lambda processor also polls larger batches ({@code maxPollRecords}, fetches of
 * {@code partitionFetchBytes}): fewer Connect iterations and fetch requests per MiB. With a Lambda processor the
 * batches stay Kafka's default (500), as the function's invocations and retries are cut from them.
 */
record ConnectorSizing(int tasksMax, int maxPollRecords, int partitionFetchBytes) {
    /** Ten Connect batches of Kafka's default (500) in one poll: about 5 MiB of 1 KiB records, one object. */
    static final int DEFAULT_MAX_POLL_RECORDS = 5_000;
    /** 8 MiB: a full 5 MiB object's records in one fetch per partition (Kafka's default is 1 MiB). */
    static final int DEFAULT_PARTITION_FETCH_BYTES = 8 * 1024 * 1024;

    /**
     * Sets tasks.max and the consumer overrides in {@code connector}, a translated delivery stream.
     *
     * @param directPutPartitions partitions of the stream's DirectPut topic, 0 for another source
     */
    void apply(Map<String, String> connector, int directPutPartitions) {
        connector.put("tasks.max", Integer.toString(Math.max(tasksMax, directPutPartitions)));
        if (connector
                .getOrDefault(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "")
                .isBlank()) {
            // Kafka 3.0+ workers allow client overrides (connector.client.config.override.policy All).
            connector.put("consumer.override.max.poll.records", Integer.toString(maxPollRecords));
            connector.put("consumer.override.max.partition.fetch.bytes", Integer.toString(partitionFetchBytes));
        }
    }
}
