package io.millrace.firehose.iceberg;

/** Records that cannot be delivered, with the error code their error envelopes carry. */
final class Undeliverable extends RuntimeException {

    private final String code;

    Undeliverable(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
