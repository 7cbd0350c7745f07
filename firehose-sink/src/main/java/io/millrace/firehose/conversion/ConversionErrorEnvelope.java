package io.millrace.firehose.conversion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A record that failed format conversion, as Firehose writes it under the error output prefix ("Handling errors
 * for data format conversion"): attemptsMade, arrivalTimestamp, ErrorCode, ErrorMessage, attemptEndingTimestamp,
 * rawData (base64) and the dataCatalogTable the record was read against. sequenceNumber and subSequenceNumber,
 * which AWS adds for a Kinesis source, are left out.
 */
public final class ConversionErrorEnvelope {
    /** The value of !{firehose:error-output-type} for records that fail format conversion. */
    public static final String FORMAT_CONVERSION_FAILED = "format-conversion-failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConversionErrorEnvelope() {}

    public static byte[] toJsonLine(
            long arrivalTimestamp,
            String errorCode,
            String errorMessage,
            long attemptEndingTimestamp,
            byte[] rawData,
            Map<String, String> catalogTable) {
        ObjectNode node = JSON.createObjectNode();
        node.put("attemptsMade", 1);
        node.put("arrivalTimestamp", arrivalTimestamp);
        node.put("ErrorCode", errorCode);
        node.put("ErrorMessage", errorMessage);
        node.put("attemptEndingTimestamp", attemptEndingTimestamp);
        node.put("rawData", Base64.getEncoder().encodeToString(rawData == null ? new byte[0] : rawData));
        ObjectNode table = node.putObject("dataCatalogTable");
        catalogTable.forEach(table::put);
        String region = catalogTable.getOrDefault("region", "");
        String catalogId = catalogTable.getOrDefault("catalogId", "");
        table.put("catalogArn", "arn:aws:glue:" + region + ":" + catalogId + ":catalog");
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
