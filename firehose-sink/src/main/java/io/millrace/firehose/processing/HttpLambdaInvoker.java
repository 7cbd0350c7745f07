package io.millrace.firehose.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.UrlAllowlist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A function behind an HTTP endpoint (a Lambda function URL, an API gateway, any service): the invocation event is
 * POSTed as JSON and the body of a 200 answer is the Lambda response. HTTP 429 is Lambda's throttling
 * ({@code Lambda.InvokeLimitExceeded}), 502/503/504 or no connection {@code Lambda.ServiceUnavailable}, a timeout
 * {@code Lambda.FunctionRequestTimedOut}, any other status {@code Lambda.FunctionError}.
 */
final class HttpLambdaInvoker implements LambdaInvoker {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An error body is quoted in errorMessage up to this length. */
    private static final int MAX_QUOTED_BODY = 512;

    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;
    private final UrlAllowlist allowlist;

    /** @param allowlist the URLs this invoker may call, or null when any may */
    HttpLambdaInvoker(String url, long timeoutMillis, UrlAllowlist allowlist) {
        this.uri = URI.create(url);
        this.allowlist = allowlist;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.min(timeoutMillis, 10_000)))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public JsonNode invoke(ObjectNode event) throws InvocationException {
        // Checked again before every call, not only when the stream was created: the connector's configuration can
        // be edited through Connect's REST API, around the Firehose API's check.
        if (allowlist != null && !allowlist.allows(uri.toString())) {
            throw new InvocationException(
                    InvocationException.INVOKE_ACCESS_DENIED,
                    "The function URL " + uri + " matches no entry of the platform's URL allowlist.");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(event)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An invocation event is plain JSON", e);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new InvocationException(
                    InvocationException.REQUEST_TIMED_OUT,
                    "The function did not answer within " + timeout.toMillis() + " ms.");
        } catch (IOException e) {
            throw new InvocationException(
                    InvocationException.SERVICE_UNAVAILABLE, "The function at " + uri + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationException(InvocationException.SERVICE_UNAVAILABLE, "The invocation was interrupted.");
        }
        int status = response.statusCode();
        if (status != 200) {
            String code = switch (status) {
                case 429 -> InvocationException.INVOKE_LIMIT_EXCEEDED;
                case 502, 503, 504 -> InvocationException.SERVICE_UNAVAILABLE;
                default -> InvocationException.FUNCTION_ERROR;
            };
            String body = response.body() == null ? "" : response.body();
            throw new InvocationException(
                    code,
                    "The function answered HTTP " + status + ": "
                            + (body.length() > MAX_QUOTED_BODY ? body.substring(0, MAX_QUOTED_BODY) + "..." : body));
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new InvocationException(
                    InvocationException.JSON_PROCESSING,
                    "The function's response is not JSON: " + e.getOriginalMessage());
        }
    }
}
