package io.millrace.lambda.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an invocation returned: the response payload and, when the function failed, Lambda's {@code FunctionError}
 * ({@code Unhandled} for an exception, a timeout or a function that could not be reached; {@code Handled} when the
 * function said so itself).
 */
public record InvocationResult(byte[] payload, String functionError) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static InvocationResult ok(byte[] payload) {
        return new InvocationResult(payload, null);
    }

    /** An unhandled error with Lambda's error payload {@code {"errorMessage": ..., "errorType": ...}}. */
    public static InvocationResult unhandled(String errorType, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("errorMessage", message);
        body.put("errorType", errorType);
        return new InvocationResult(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "Unhandled");
    }

    public boolean failed() {
        return functionError != null;
    }
}
