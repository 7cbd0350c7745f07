package io.millrace.lambda.invoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A function behind a URL, the contract Firehose's HTTP processing uses too: the payload is POSTed as JSON, and the
 * body of a 200 answer is the response payload. A 200 with an {@code X-Amz-Function-Error} header is an error the
 * function reports itself (its value, {@code Handled} or {@code Unhandled}); any other status, no connection or no
 * answer within the function's timeout is an unhandled error, as a crashed or timed-out Lambda runtime is.
 */
final class HttpFunctionInvoker implements FunctionInvoker {

    private static final int MAX_QUOTED_BODY = 512;

    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;

    HttpFunctionInvoker(HttpClient client, String url, int timeoutSeconds) {
        this.client = client;
        this.uri = URI.create(url);
        this.timeout = Duration.ofSeconds(timeoutSeconds);
    }

    @Override
    public InvocationResult invoke(byte[] payload) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return InvocationResult.unhandled(
                    "Sandbox.Timedout",
                    String.format(Locale.ROOT, "Task timed out after %d.00 seconds", timeout.toSeconds()));
        } catch (IOException e) {
            return InvocationResult.unhandled(
                    "Runtime.Unavailable", "The function at " + uri + " cannot be reached: " + e);
        }
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return InvocationResult.unhandled(
                    "Runtime.HttpStatus" + response.statusCode(),
                    "The function answered HTTP " + response.statusCode() + ": "
                            + (body.length() > MAX_QUOTED_BODY ? body.substring(0, MAX_QUOTED_BODY) + "..." : body));
        }
        String error = response.headers().firstValue("X-Amz-Function-Error").orElse(null);
        return new InvocationResult(response.body(), error == null || error.isBlank() ? null : error);
    }
}
