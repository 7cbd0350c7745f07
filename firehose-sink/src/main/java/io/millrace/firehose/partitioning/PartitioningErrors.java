package io.millrace.firehose.partitioning;

/**
 * The error codes and error output types of dynamic partitioning. Records whose keys cannot be evaluated, and
 * records that would open a partition beyond the active partition limit, go to the ErrorOutputPrefix in the same
 * JSON envelope as failed processing, under these {@code !{firehose:error-output-type}} values ("Troubleshoot
 * dynamic partitioning errors" and "Buffer data for dynamic partitioning" in the Firehose developer guide).
 */
public final class PartitioningErrors {
    /** errorCode of a record whose data is not JSON, whose query fails, or that lacks a key the Prefix uses. */
    public static final String METADATA_EXTRACTION_FAILED = "DynamicPartitioning.MetadataExtractionFailed";
    /** error-output-type of those records. */
    public static final String METADATA_EXTRACTION_FAILED_OUTPUT_TYPE = METADATA_EXTRACTION_FAILED;
    /** errorCode of a record that would open one partition more than the limit allows. */
    public static final String ACTIVE_PARTITIONS_EXCEEDED = "DynamicPartitioning.ActivePartitionsLimitExceeded";
    /** AWS: "the rest of the records ... are delivered to the specified S3 error bucket prefix (activePartitionExceeded)". */
    public static final String ACTIVE_PARTITIONS_EXCEEDED_OUTPUT_TYPE = "activePartitionExceeded";

    private PartitioningErrors() {}
}
