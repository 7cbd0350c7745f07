package io.millrace.agent.send;

/** A record as it goes out: its data and, for Kinesis, its partition key (null for Firehose). */
public record OutgoingRecord(byte[] data, String partitionKey) {

    /** What it counts toward a request's size limit: Kinesis counts the partition key too (PutRecords reference). */
    public int size() {
        return data.length + (partitionKey == null ? 0 : partitionKey.length());
    }
}
