package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A failed record as Firehose writes it under the error output prefix ("Handle failure in data transformation"):
 * one JSON document per line with attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp,
 * rawData (base64) and, when a Lambda function was involved, lambdaArn.
 */
public final class ErrorEnvelope {
    /** The value of !{firehose:error-output-type} for records that fail processing. */
    public static final String PROCESSING_FAILED = "processing-failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorEnvelope() {}

    public static byte[] toJsonLine(
            int attemptsMade,
            long arrivalTimestamp,
            String errorCode,
            String errorMessage,
            long attemptEndingTimestamp,
            byte[] rawData) {
        return toJsonLine(
                attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp, rawData, null);
    }

    public static byte[] toJsonLine(
            int attemptsMade,
            long arrivalTimestamp,
            String errorCode,
            String errorMessage,
            long attemptEndingTimestamp,
            byte[] rawData,
            String lambdaArn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("attemptsMade", attemptsMade);
        node.put("arrivalTimestamp", arrivalTimestamp);
        node.put("errorCode", errorCode);
        node.put("errorMessage", errorMessage);
        node.put("attemptEndingTimestamp", attemptEndingTimestamp);
        node.put("rawData", Base64.getEncoder().encodeToString(rawData == null ? new byte[0] : rawData));
        if (lambdaArn != null) {
            node.put("lambdaArn", lambdaArn);
        }
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
