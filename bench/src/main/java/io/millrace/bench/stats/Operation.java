package io.millrace.bench.stats;

/** What a run measured; a run is compared with the Kafka baseline run of the same operation. */
public enum Operation {
    WRITE("write"),
    READ("read"),
    VISIBILITY("put-to-get"),
    DELIVERY("put-to-S3"),
    /** Raw PutObject calls to an S3 store, which no Kafka run compares with. */
    OBJECT_WRITE("S3 PUT"),
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
