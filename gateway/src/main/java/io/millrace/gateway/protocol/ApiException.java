package io.millrace.gateway.protocol;

/**
 * The one error model of the AWS JSON APIs the gateway serves: an error type name (the {@code __type} of the
 * response body), an HTTP status and a message. Thrown anywhere in request handling; the HTTP layer turns it into
 * {@code {"__type": ..., "message": ...}}. The factories here are the errors the protocol itself raises, common to
 * every API; each service keeps the error types of its own API in a catalog of its own (as Kafka's {@code Errors}),
 * such as {@code KinesisErrors} or {@code FirehoseErrors}.
 */
public final class ApiException extends RuntimeException {

    private final String type;
    private final int status;
    private final String queryCode;
    /** Members of the error's shape beside the message, in the answer's body (Lambda's throttling Reason). */
    private final java.util.Map<String, String> members;

    public ApiException(String type, int status, String message) {
        this(type, status, message, null);
    }

    /**
     * An error of an API that is also served over the Query protocol under another code ({@code awsQueryCompatible},
     * as CloudWatch's InvalidParameterValueException is InvalidParameterValue): the JSON and CBOR answers carry that
     * code in the {@code x-amzn-query-error} header, which the SDKs read as the error code.
     */
    public ApiException(String type, int status, String message, String queryCode) {
        this(type, status, message, queryCode, java.util.Map.of());
    }

    private ApiException(
            String type, int status, String message, String queryCode, java.util.Map<String, String> members) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.queryCode = queryCode;
        this.members = members;
    }

    /** This error with a string member of its shape besides the message, written into the answer's body. */
    public ApiException withMember(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(members);
        more.put(name, value);
        return new ApiException(type, status, getMessage(), queryCode, java.util.Map.copyOf(more));
    }

    /** The members {@link #withMember} added, by name. */
    public java.util.Map<String, String> members() {
        return members;
    }

    /** The Query protocol's code of this error, when it differs from {@link #type()}; else null. */
    public String queryCode() {
        return queryCode;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public boolean isClientError() {
        return status < 500;
    }

    public static ApiException validation(String message) {
        return new ApiException("ValidationException", 400, message);
    }

    public static ApiException serialization(String message) {
        return new ApiException("SerializationException", 400, message);
    }

    public static ApiException unknownOperation(String message) {
        return new ApiException("UnknownOperationException", 400, message);
    }

    /**
     * Our fault. The type is the model's fault shape, InternalFailureException, which the SDKs raise as such; only
     * PutRecords' per-record ErrorCode is spelled InternalFailure (API reference).
     */
    public static ApiException internalFailure(String message) {
        return new ApiException("InternalFailureException", 500, message);
    }

    /** The JSON APIs' answer to a call the caller's policies do not allow (Kinesis, Firehose, DynamoDB...). */
    public static ApiException accessDenied(String message) {
        return new ApiException("AccessDeniedException", 400, message);
    }

    public static ApiException serviceUnavailable(String message) {
        return new ApiException("ServiceUnavailable", 503, message);
    }
}
