package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A {@link TransformFunction} class loaded from the plugin path, called in the task's thread. */
final class JavaLambdaInvoker implements LambdaInvoker {
    static final String PREFIX = "java:";

    private final TransformFunction function;

    JavaLambdaInvoker(String className) {
        try {
            // The connector's class loader: on a Connect worker it is the plugin's, which sees the plugin path.
            Class<?> type = Class.forName(className, true, TransformFunction.class.getClassLoader());
            if (!TransformFunction.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(
                        className + " does not implement " + TransformFunction.class.getName());
            }
            this.function = (TransformFunction) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot create the transformation function " + className + ": " + e, e);
        }
    }

    @Override
    public JsonNode invoke(ObjectNode event) throws InvocationException {
        try {
            JsonNode response = function.transform(event);
            if (response == null) {
                throw new InvocationException(InvocationException.JSON_PROCESSING, "The function returned null.");
            }
            return response;
        } catch (InvocationException e) {
            throw e;
        } catch (Exception e) {
            throw new InvocationException(InvocationException.FUNCTION_ERROR, "The function threw " + e);
        }
    }

    @Override
    public void close() {
        if (function instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // The task is stopping; a function that fails to close has nothing left to lose.
            }
        }
    }
}
