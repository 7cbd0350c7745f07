package io.millrace.firehose.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.HttpEndpointSettings;
import io.millrace.firehose.delivery.DestinationSink;
import io.millrace.firehose.delivery.RetryWindow;
import io.millrace.firehose.naming.DeterministicIds;
import io.millrace.firehose.naming.ObjectKeys;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the destination's buffers to an HTTP endpoint, one request per buffer. A failed attempt throws, so the
 * task backs off and calls again (Kafka keeps the records uncommitted meanwhile); once RetryOptions.DurationInSeconds
 * has passed since the first failed attempt, the records go to the S3 error output as {@code http-endpoint-failed}
 * in AWS's envelope, and the buffer counts as delivered.
 *
 * <p>The request id is derived from the buffer's deterministic name: every attempt of a request, and a replay of the
 * same records after a crash, carries the same X-Amz-Firehose-Request-Id, which an endpoint can deduplicate on (AWS
 * documents that an endpoint may receive a request more than once).
 */
public final class HttpEndpointDelivery implements DestinationSink {
    /** The !{firehose:error-output-type} of records the endpoint did not take. */
    public static final String FAILED_OUTPUT_TYPE = "http-endpoint-failed";

    static final String REQUEST_TIMEOUT = "HttpEndpoint.RequestTimeout";
    static final String CONNECTION_FAILED = "HttpEndpoint.ConnectionFailed";

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String streamName;
    private final HttpEndpointSettings endpoint;
    private final String errorBucket;
    private final ObjectKeys errorKeys;
    private final ObjectWriter writer;
    private final LongSupplier clock;
    private final HttpClient client;
    /** Requests that failed and will be tried again, by buffer name. */
    private final Map<String, Attempts> failing = new HashMap<>();

    private static final class Attempts {
        final List<BufferedRecords.Entry> records;
        final EndpointRequest request;
        final RetryWindow window;
        EndpointResponse.DeliveryFailure last;

        Attempts(List<BufferedRecords.Entry> records, EndpointRequest request, RetryWindow window) {
            this.records = records;
            this.request = request;
            this.window = window;
        }
    }

    /**
     * @param errorBucket the S3Configuration's bucket
     * @param errorKeys the S3Configuration's prefixes, for the error output's keys
     */
    public HttpEndpointDelivery(
            String streamName,
            HttpEndpointSettings endpoint,
            String errorBucket,
            ObjectKeys errorKeys,
            ObjectWriter writer,
            LongSupplier clock) {
        this.streamName = streamName;
        this.endpoint = endpoint;
        this.errorBucket = errorBucket;
        this.errorKeys = errorKeys;
        this.writer = writer;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(10_000, endpoint.requestTimeoutMillis())))
                .build();
    }

    @Override
    public byte[] frame(byte[] data, long arrivalMillis) {
        return BufferedRecords.frame(data, arrivalMillis);
    }

    @Override
    public void deliver(String key, Path file) {
        Attempts attempts = failing.get(key);
        if (attempts == null) {
            List<BufferedRecords.Entry> records = BufferedRecords.read(file);
            String requestId = DeterministicIds.uuid("http\u0000" + key).toString();
            attempts = new Attempts(
                    records,
                    new EndpointRequest(requestId, clock.getAsLong(), records, endpoint),
                    new RetryWindow(endpoint.retryDurationMillis()));
        }
        if (!attempts.window.gaveUp()) {
            EndpointResponse.DeliveryFailure failure = attempt(attempts.request);
            if (failure == null) {
                attempts.window.succeeded();
                failing.remove(key);
                return;
            }
            attempts.last = failure;
            failing.put(key, attempts);
            if (attempts.window.failedMayRetry(clock.getAsLong())) {
                throw new EndpointDeliveryException(
                        endpoint.url() + ": " + failure.errorCode() + ": " + failure.errorMessage());
            }
            LOG.warn(
                    "Delivery stream {}: {} records not delivered to {} after {} attempts ({}); writing them to "
                            + "s3://{} as {}",
                    streamName,
                    attempts.records.size(),
                    endpoint.url(),
                    attempts.window.made(),
                    failure.errorCode(),
                    errorBucket,
                    FAILED_OUTPUT_TYPE);
        }
        writeFailed(key, file, attempts);
        failing.remove(key);
    }

    private EndpointResponse.DeliveryFailure attempt(EndpointRequest request) {
        try {
            HttpResponse<String> response =
                    client.send(request.toHttpRequest(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return EndpointResponse.check(request.requestId(), response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new EndpointResponse.DeliveryFailure(
                    REQUEST_TIMEOUT, "The endpoint did not answer within " + endpoint.requestTimeoutMillis() + " ms.");
        } catch (IOException e) {
            return new EndpointResponse.DeliveryFailure(
                    CONNECTION_FAILED, "The connection to the endpoint failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointDeliveryException("interrupted while delivering to " + endpoint.url());
        }
    }

    /**
     * One object of AWS's failed-delivery envelopes, named like any error object of the buffer's segment, so that a
     * replay that gives up again overwrites it.
     */
    private void writeFailed(String key, Path buffer, Attempts attempts) {
        long firstArrival = attempts.records.isEmpty()
                ? attempts.window.lastEndedMillis()
                : attempts.records.get(0).arrivalMillis();
        String errorKey = errorKeys.errorKey(firstArrival, key, FAILED_OUTPUT_TYPE);
        EnvelopeObject.put(
                writer,
                errorBucket,
                errorKey,
                buffer,
                attempts.records.stream().map(r -> envelope(r, attempts)).toList());
    }

    private ObjectNode envelope(BufferedRecords.Entry record, Attempts attempts) {
        ObjectNode line = JSON.createObjectNode();
        line.put("attemptsMade", attempts.window.made());
        line.put("arrivalTimestamp", record.arrivalMillis());
        line.put("errorCode", attempts.last.errorCode());
        line.put("errorMessage", attempts.last.errorMessage());
        line.put("attemptEndingTimestamp", attempts.window.lastEndedMillis());
        line.put("rawData", record.base64());
        line.put("EndpointUrl", endpoint.url());
        line.put("EndpointName", endpoint.name());
        return line;
    }

    /** A failed attempt that another will follow; its message is the endpoint's failure as AWS would log it. */
    static final class EndpointDeliveryException extends RuntimeException {
        EndpointDeliveryException(String message) {
            super(message);
        }
    }
}
