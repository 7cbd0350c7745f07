package io.millrace.firehose.metrics;

/**
 * Firehose's Direct PUT ingestion metrics (namespace {@code AWS/Firehose}, dimension DeliveryStreamName) with the
 * units AWS documents for them: "Data ingestion through Direct PUT" in "Monitor Amazon Data Firehose with CloudWatch
 * metrics", https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html. Each sample is
 * one request (or one record, for the records figures), so Sum and SampleCount mean what AWS says they mean.
 */
public enum DeliveryStreamFigure {
    /** Bytes ingested successfully, by PutRecord and PutRecordBatch. */
    INCOMING_BYTES("IncomingBytes", "Bytes"),
    /** Successful PutRecord and PutRecordBatch requests. */
    INCOMING_PUT_REQUESTS("IncomingPutRequests", "Count"),
    /** Records ingested successfully. */
    INCOMING_RECORDS("IncomingRecords", "Count"),
    PUT_RECORD_BYTES("PutRecord.Bytes", "Bytes"),
    PUT_RECORD_LATENCY("PutRecord.Latency", "Milliseconds"),
    PUT_RECORD_REQUESTS("PutRecord.Requests", "Count"),
    PUT_RECORD_BATCH_BYTES("PutRecordBatch.Bytes", "Bytes"),
    PUT_RECORD_BATCH_LATENCY("PutRecordBatch.Latency", "Milliseconds"),
    PUT_RECORD_BATCH_RECORDS("PutRecordBatch.Records", "Count"),
    PUT_RECORD_BATCH_REQUESTS("PutRecordBatch.Requests", "Count"),
    /** Records refused because ingestion exceeded what the stream could take (ServiceUnavailableException). */
    THROTTLED_RECORDS("ThrottledRecords", "Count");

    private final String metricName;
    private final String unit;

    DeliveryStreamFigure(String metricName, String unit) {
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
