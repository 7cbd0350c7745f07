package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * DescribeDeliveryStream's FailureDescription: a DeliveryStreamFailureType and Details. Failures stored in the
 * metadata topic (a stream's or its encryption's failure details) carry their type as a prefix,
 * {@code <TYPE>: <details>}, when it is one of AWS's KMS types; other failures are UNKNOWN_ERROR (the type list has
 * no S3 member: its other values are VPC and ENI failures).
 */
record FailureDescription(String type, String details) {

    static final String UNKNOWN_ERROR = "UNKNOWN_ERROR";

    /** The KMS members of DeliveryStreamFailureType (botocore model firehose/2015-08-04). */
    private static final Set<String> KMS_TYPES = Set.of(
            "KMS_ACCESS_DENIED",
            "DISABLED_KMS_KEY",
            "INVALID_KMS_KEY",
            "KMS_KEY_NOT_FOUND",
            "KMS_OPT_IN_REQUIRED",
            "CREATE_KMS_GRANT_FAILED",
            "RETIRE_KMS_GRANT_FAILED");

    /** A failure of the given type when it is a KMS one, else UNKNOWN_ERROR. */
    static FailureDescription of(String type, String details) {
        return new FailureDescription(KMS_TYPES.contains(type) ? type : UNKNOWN_ERROR, details);
    }

    /** A failure as stored ({@link #stored()}): its type read back from the prefix. */
    static FailureDescription parse(String stored) {
        int colon = stored.indexOf(": ");
        if (colon > 0 && KMS_TYPES.contains(stored.substring(0, colon))) {
            return new FailureDescription(stored.substring(0, colon), stored.substring(colon + 2));
        }
        return new FailureDescription(UNKNOWN_ERROR, stored);
    }

    /** How the metadata topic keeps it. */
    String stored() {
        return UNKNOWN_ERROR.equals(type) ? details : type + ": " + details;
    }

    boolean isKms() {
        return KMS_TYPES.contains(type);
    }

    void writeTo(ObjectNode parent) {
        ObjectNode failure = parent.putObject("FailureDescription");
        failure.put("Type", type);
        failure.put("Details", details);
    }
}
