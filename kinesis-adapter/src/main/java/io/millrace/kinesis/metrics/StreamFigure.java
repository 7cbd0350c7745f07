package io.millrace.kinesis.metrics;

/**
 * Kinesis's stream-level metrics (namespace {@code AWS/Kinesis}, dimension StreamName, and ConsumerName for the
 * enhanced fan-out ones) with the units AWS documents for them: "Monitor the Amazon Kinesis Data Streams service
 * with Amazon CloudWatch", https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html. Each is
 * one sample per operation, so Sum, Average and SampleCount mean what AWS says they mean (the Average of a
 * {@code .Success} figure is the share of operations that succeeded).
 */
public enum StreamFigure {
    INCOMING_BYTES("IncomingBytes", "Bytes"),
    INCOMING_RECORDS("IncomingRecords", "Count"),
    PUT_RECORD_BYTES("PutRecord.Bytes", "Bytes"),
    PUT_RECORD_LATENCY("PutRecord.Latency", "Milliseconds"),
    PUT_RECORD_SUCCESS("PutRecord.Success", "Count"),
    PUT_RECORDS_BYTES("PutRecords.Bytes", "Bytes"),
    /** Deprecated by AWS in favour of PutRecords.SuccessfulRecords, and still published: the same value. */
    PUT_RECORDS_RECORDS("PutRecords.Records", "Count"),
    PUT_RECORDS_LATENCY("PutRecords.Latency", "Milliseconds"),
    PUT_RECORDS_SUCCESS("PutRecords.Success", "Count"),
    PUT_RECORDS_SUCCESSFUL_RECORDS("PutRecords.SuccessfulRecords", "Count"),
    PUT_RECORDS_FAILED_RECORDS("PutRecords.FailedRecords", "Count"),
    PUT_RECORDS_THROTTLED_RECORDS("PutRecords.ThrottledRecords", "Count"),
    PUT_RECORDS_TOTAL_RECORDS("PutRecords.TotalRecords", "Count"),
    GET_RECORDS_BYTES("GetRecords.Bytes", "Bytes"),
    GET_RECORDS_RECORDS("GetRecords.Records", "Count"),
    GET_RECORDS_LATENCY("GetRecords.Latency", "Milliseconds"),
    GET_RECORDS_SUCCESS("GetRecords.Success", "Count"),
    GET_RECORDS_ITERATOR_AGE("GetRecords.IteratorAgeMilliseconds", "Milliseconds"),
    READ_THROUGHPUT_EXCEEDED("ReadProvisionedThroughputExceeded", "Count"),
    WRITE_THROUGHPUT_EXCEEDED("WriteProvisionedThroughputExceeded", "Count"),
    SUBSCRIBE_TO_SHARD_RATE_EXCEEDED("SubscribeToShard.RateExceeded", "Count"),
    SUBSCRIBE_TO_SHARD_SUCCESS("SubscribeToShard.Success", "Count"),
    SUBSCRIBE_TO_SHARD_EVENT_BYTES("SubscribeToShardEvent.Bytes", "Bytes"),
    SUBSCRIBE_TO_SHARD_EVENT_RECORDS("SubscribeToShardEvent.Records", "Count"),
    SUBSCRIBE_TO_SHARD_EVENT_MILLIS_BEHIND("SubscribeToShardEvent.MillisBehindLatest", "Milliseconds"),
    SUBSCRIBE_TO_SHARD_EVENT_SUCCESS("SubscribeToShardEvent.Success", "Count");

    private final String metricName;
    private final String unit;

    StreamFigure(String metricName, String unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    public String metricName() {
        return metricName;
    }

    public String unit() {
        return unit;
    }
}
