package io.millrace.lambda.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LambdaHandler} class on the platform's classpath, run on the invocation threads within the function's
 * timeout. An exception is an unhandled error named by its class, as the Java runtime reports it.
 */
final class JavaFunctionInvoker implements FunctionInvoker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaHandler handler;
    private final ExecutorService threads;
    private final int timeoutSeconds;

    JavaFunctionInvoker(LambdaHandler handler, ExecutorService threads, int timeoutSeconds) {
        this.handler = handler;
        this.threads = threads;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The handler of {@code handler}, a class name or, as Lambda's Java handlers are written, {@code class::method}
     * (the class is what runs); or an exception naming why it cannot be one.
     */
    static LambdaHandler load(String handler) {
        int colons = handler.indexOf("::");
        String className = colons < 0 ? handler : handler.substring(0, colons);
        try {
            Class<?> type = Class.forName(className, true, LambdaHandler.class.getClassLoader());
            if (!LambdaHandler.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(className + " does not implement " + LambdaHandler.class.getName());
            }
            return (LambdaHandler) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("Cannot create the handler " + className + ": " + e, e);
        }
    }

    @Override
    public InvocationResult invoke(byte[] payload) throws InterruptedException {
        JsonNode event;
        try {
            event = payload.length == 0 ? JSON.nullNode() : JSON.readTree(payload);
        } catch (IOException e) {
            return InvocationResult.unhandled("Runtime.InvalidPayload", "The payload is not JSON: " + e.getMessage());
        }
        Future<JsonNode> run = threads.submit(() -> handler.handleRequest(event));
        try {
            JsonNode response = run.get(timeoutSeconds, TimeUnit.SECONDS);
            return InvocationResult.ok(JSON.writeValueAsBytes(response == null ? JSON.nullNode() : response));
        } catch (TimeoutException e) {
            run.cancel(true);
            return InvocationResult.unhandled(
                    "Sandbox.Timedout",
                    String.format(Locale.ROOT, "Task timed out after %d.00 seconds", timeoutSeconds));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return InvocationResult.unhandled(cause.getClass().getName(), String.valueOf(cause.getMessage()));
        } catch (IOException e) {
            return InvocationResult.unhandled("Runtime.InvalidResponse", "The response is not JSON: " + e.getMessage());
        } catch (InterruptedException e) {
            run.cancel(true);
            throw e;
        }
    }
}
