package io.millrace.firehose.state;

/**
 * Where a task delivers, as its health report names it: the destination kind and its target (the bucket, the endpoint
 * URL, the OpenSearch endpoint, the Iceberg tables), and the S3 bucket that holds what cannot be delivered.
 *
 * @param kind   one of {@link #S3}, {@link #HTTP_ENDPOINT}, {@link #OPENSEARCH}, {@link #ICEBERG}: the name of the
 *               destination configuration's delivery metrics in AWS/Firehose (DeliveryToS3, DeliveryToHttpEndpoint, ...)
 * @param target the bucket for S3, the endpoint URL for HTTP endpoint and OpenSearch, the tables for Iceberg
 * @param bucket the destination bucket for S3, the S3 backup (failed records) bucket otherwise
 */
public record DeliveryTarget(String kind, String target, String bucket) {

    public static final String S3 = "S3";
    public static final String HTTP_ENDPOINT = "HttpEndpoint";
    public static final String OPENSEARCH = "AmazonOpenSearchService";
    public static final String ICEBERG = "Iceberg";

    public static DeliveryTarget s3(String bucket) {
        return new DeliveryTarget(S3, bucket, bucket);
    }

    /** The destination as a sentence names it: "Amazon S3 bucket lake", "HTTP endpoint https://...". */
    public String describe() {
        return switch (kind) {
            case HTTP_ENDPOINT -> "HTTP endpoint " + target;
            case OPENSEARCH -> "Amazon OpenSearch Service endpoint " + target;
            case ICEBERG -> "Apache Iceberg tables " + target;
            default -> "Amazon S3 bucket " + target;
        };
    }

    /** What happens to the records meanwhile, as the delivery of this kind does it. */
    String meanwhile() {
        return switch (kind) {
            case HTTP_ENDPOINT, OPENSEARCH ->
                "Records are kept in Kafka and delivered once the destination accepts "
                        + "them; those still failing after the retry duration go to S3 bucket " + bucket + ".";
            // Iceberg commits are retried without a retry duration (IcebergDelivery).
            case ICEBERG -> "Records are kept in Kafka and delivered once the catalog and the store accept them.";
            default -> "Records are kept in Kafka and delivered once S3 accepts them.";
        };
    }
}
