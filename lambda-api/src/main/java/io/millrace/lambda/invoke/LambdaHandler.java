package io.millrace.lambda.invoke;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function run inside the gateway, for CreateFunction with a Java runtime and {@code Handler} the name of a class
 * on the platform's classpath that implements this interface and has a public no-argument constructor. It gets the
 * invocation's payload (an Invoke call's, or an event source mapping's {@code {"Records": [...]}} event) and returns
 * the response payload, as a Lambda function's handler does; an exception is the function's error (the answer's
 * {@code FunctionError: Unhandled}, with {@code errorMessage} and {@code errorType}). One instance serves every
 * invocation of the function on a gateway, from several threads at once.
 */
public interface LambdaHandler {
    JsonNode handleRequest(JsonNode event) throws Exception;
}
