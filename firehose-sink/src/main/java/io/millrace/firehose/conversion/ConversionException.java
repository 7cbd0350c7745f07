package io.millrace.firehose.conversion;

/** A record that cannot be read as rows of the table: it goes to the error output, it does not stop delivery. */
public final class ConversionException extends Exception {
    public ConversionException(String message) {
        super(message, null, false, false);
    }
}
