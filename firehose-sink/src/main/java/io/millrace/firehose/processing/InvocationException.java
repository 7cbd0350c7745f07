package io.millrace.firehose.processing;

/**
 * A failed invocation of a transformation function, with the error code Firehose reports for it
 * ({@code Lambda.FunctionError}, {@code Lambda.InvokeLimitExceeded}, ...). Retried NumberOfRetries times unless it is
 * an answer that breaks the contract (the function would answer alike again); then every record of the batch goes
 * to the error output with this code.
 */
public final class InvocationException extends Exception {
    public static final String FUNCTION_ERROR = "Lambda.FunctionError";
    public static final String INVOKE_LIMIT_EXCEEDED = "Lambda.InvokeLimitExceeded";
    public static final String SERVICE_UNAVAILABLE = "Lambda.ServiceUnavailable";
    public static final String REQUEST_TIMED_OUT = "Lambda.FunctionRequestTimedOut";
    public static final String JSON_PROCESSING = "Lambda.JsonProcessingException";
    public static final String MISSING_RECORD_ID = "Lambda.MissingRecordId";
    public static final String DUPLICATED_RECORD_ID = "Lambda.DuplicatedRecordId";
    /** Firehose's code when it may not invoke the function ("Access was denied"): here, a URL off the allowlist. */
    public static final String INVOKE_ACCESS_DENIED = "Lambda.InvokeAccessDenied";

    private final String errorCode;

    public InvocationException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** False for a response that breaks the contract (the function answered, wrongly) and for a refused URL. */
    public boolean retryable() {
        return !JSON_PROCESSING.equals(errorCode) && !INVOKE_ACCESS_DENIED.equals(errorCode);
    }

    public String errorCode() {
        return errorCode;
    }
}
