package io.millrace.analytics.access;

/**
 * The gateway refused a job's read of a stream or write to it: AWS's error code and message, such as {@code
 * AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ROLE/kinesisanalytics is not authorized to
 * perform: kinesis:GetRecords on resource: arn:aws:kinesis:...:stream/NAME because ...}. It fails the job.
 */
public final class StreamAccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StreamAccessDeniedException(String errorCode, String message) {
        super(errorCode + ": " + message, null, false, false);
    }

    /** The error as AWS words it, without this class's name: what an application's failure records show. */
    @Override
    public String toString() {
        return getMessage();
    }
}
