package io.millrace.analytics.datastream;

import java.io.Serializable;

/**
 * A record of a Millrace stream as a Java job sees it. Written records need only a partition key and data; read
 * records also carry where they came from.
 *
 * @param partitionKey                the Kinesis partition key (the Kafka record key)
 * @param data                        the data blob (the Kafka record value)
 * @param shardId                     {@code shardId-000000000003} for partition 3; null on records to write
 * @param offset                      the Kafka offset in that shard; -1 on records to write
 * @param approximateArrivalTimestamp epoch milliseconds the record entered the stream; -1 on records to write
 */
public record KinesisRecord(
        String partitionKey, byte[] data, String shardId, long offset, long approximateArrivalTimestamp)
        implements Serializable {

    /** A record to write. */
    public static KinesisRecord of(String partitionKey, byte[] data) {
        return new KinesisRecord(partitionKey, data, null, -1, -1);
    }
}
