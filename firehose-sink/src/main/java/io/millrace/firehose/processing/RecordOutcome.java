package io.millrace.firehose.processing;

import java.util.List;
import java.util.Map;

/**
 * What processing made of one source record: zero or more records to deliver (zero when the function dropped it,
 * several after de-aggregation) and zero or more failures for the error output. A record with neither was dropped on
 * purpose and counts as processed.
 */
public record RecordOutcome(List<Delivered> delivered, List<Failed> failed) {
    /** A record for the destination, with the partition keys a Lambda function returned (empty when none). */
    public record Delivered(byte[] data, Map<String, String> partitionKeys) {
        public Delivered(byte[] data) {
            this(data, Map.of());
        }
    }

    /**
     * A record for the error output, in the fields of AWS's envelope. {@code lambdaArn} is null when no Lambda
     * function was involved; {@code rawData} is the data as it entered the failing step.
     */
    public record Failed(byte[] rawData, String errorCode, String errorMessage, int attemptsMade, String lambdaArn) {}

    public RecordOutcome {
        delivered = List.copyOf(delivered);
        failed = List.copyOf(failed);
    }

    public static RecordOutcome delivered(byte[] data) {
        return new RecordOutcome(List.of(new Delivered(data)), List.of());
    }

    public static RecordOutcome failed(Failed failure) {
        return new RecordOutcome(List.of(), List.of(failure));
    }

    /** True when the record was dropped on purpose: nothing to write anywhere. */
    public boolean isEmpty() {
        return delivered.isEmpty() && failed.isEmpty();
    }
}
