package io.millrace.firehose.conversion;

/** What the conversion step made of one record: its rows in the destination's encoding, or why it did not fit. */
public sealed interface ConversionResult {
    record Converted(byte[] data) implements ConversionResult {}

    record Failed(String errorCode, String errorMessage) implements ConversionResult {}
}
