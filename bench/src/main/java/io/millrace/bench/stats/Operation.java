package io.millrace.bench.stats;

/** What a run measured; a run is compared with the Kafka baseline run of the same operation. */
public enum Operation {
    WRITE("write"),
    READ("read"),
    VISIBILITY("put-to-get"),
    DELIVERY("put-to-S3"),
    /** Firehose delivery to the other destinations: PutRecordBatch acknowledged to the record seen there. */
    DELIVERY_HTTP("put-to-HTTP"),
    DELIVERY_ICEBERG("put-to-Iceberg"),
    DELIVERY_OPENSEARCH("put-to-OpenSearch"),
    /** Raw PutObject calls to an S3 store, which no Kafka run compares with. */
    OBJECT_WRITE("S3 PUT"),
    /** Raw POSTs of Firehose's HTTP endpoint requests to the bench's own endpoint, which no Kafka run compares with. */
    HTTP_POST("HTTP POST"),
    /** Raw {@code _bulk} requests to an OpenSearch node, which no Kafka run compares with. */
    BULK("_bulk"),
    /** One call to a KCL lease table (GetItem, conditional UpdateItem, Scan page), which no Kafka run compares with. */
    LEASE_TABLE("lease table");

    private final String label;

    Operation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
