package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.UrlAllowlist;

/** One synchronous invocation of a transformation function: the event in, the parsed response out. */
interface LambdaInvoker extends AutoCloseable {
    JsonNode invoke(ObjectNode event) throws InvocationException;

    @Override
    default void close() {}

    /**
     * Where the function lives: {@code http(s)://...} (POST the event as JSON) or {@code java:<class name>}.
     *
     * @param allowlist the URLs an http(s) function may have, checked before each call; null when any may
     */
    static LambdaInvoker forFunction(String function, long timeoutMillis, UrlAllowlist allowlist) {
        if (function.startsWith("http://") || function.startsWith("https://")) {
            return new HttpLambdaInvoker(function, timeoutMillis, allowlist);
        }
        if (function.startsWith(JavaLambdaInvoker.PREFIX)) {
            return new JavaLambdaInvoker(function.substring(JavaLambdaInvoker.PREFIX.length()));
        }
        throw new IllegalArgumentException(
                "A Lambda function is an http:// or https:// URL or java:<class name>, not " + function);
    }
}
