package io.millrace.firehose.processing;

/** What processing made of one source record: data to deliver, or a failure for the error output. */
public sealed interface ProcessingResult {
    record Ok(byte[] data) implements ProcessingResult {}

    record Failed(String errorCode, String errorMessage) implements ProcessingResult {}
}
