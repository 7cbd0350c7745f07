package io.millrace.bench.cli;

/**
 * What one write call of an API accepts, so that a load is refused on the command line rather than by the endpoint.
 *
 * @param api             the call, for messages
 * @param maxEntries      records per call
 * @param maxRecordBytes  bytes of one record, its partition key included where the API counts it
 * @param maxRequestBytes bytes of one call's records
 * @param keyBytes        bytes of the partition key the bench adds to each record (0 when the API has none)
 */
record RequestLimits(String api, int maxEntries, int maxRecordBytes, int maxRequestBytes, int keyBytes) {

    private static final int MIB = 1024 * 1024;

    /**
     * PutRecords: at most 500 entries and 10 MiB per request, partition keys included; a record at most 10 MiB
     * (Kinesis API reference, PutRecords). The bench's partition keys are 16 hex digits.
     */
    static final RequestLimits PUT_RECORDS = new RequestLimits("PutRecords", 500, 10 * MIB, 10 * MIB, 16);

    /**
     * PutRecordBatch: at most 500 records and 4 MiB per call, a record at most 1,000 KiB before base64
     * (Firehose API reference, PutRecordBatch).
     */
    static final RequestLimits PUT_RECORD_BATCH = new RequestLimits("PutRecordBatch", 500, 1000 * 1024, 4 * MIB, 0);

    String recordLimitText() {
        return keyBytes > 0
                ? api + " takes records up to " + maxRecordBytes / MIB + " MiB, partition key included"
                : api + " takes records up to " + maxRecordBytes / 1024 + " KiB";
    }

    String requestLimitText() {
        return maxRequestBytes / MIB + " MiB";
    }
}
