package io.millrace.firehose.naming;

/** A Prefix or ErrorOutputPrefix that Firehose would refuse; the message is the one shown to the API caller. */
public final class PrefixException extends IllegalArgumentException {
    public PrefixException(String message) {
        super(message);
    }
}
