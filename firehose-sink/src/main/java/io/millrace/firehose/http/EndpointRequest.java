package io.millrace.firehose.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.HttpEndpointSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * One delivery request in AWS's HTTP endpoint format
 * (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html): a POST of
 * {@code {"requestId":..., "timestamp":..., "records":[{"data":"<base64>"}, ...]}} with the X-Amz-Firehose-* headers.
 * Its id and timestamp stay the same across the attempts of one request, as on AWS.
 */
final class EndpointRequest {
    static final String PROTOCOL_VERSION = "1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String requestId;
    private final byte[] body;
    private final HttpEndpointSettings endpoint;

    EndpointRequest(
            String requestId,
            long timestampMillis,
            List<BufferedRecords.Entry> records,
            HttpEndpointSettings endpoint) {
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.body = body(requestId, timestampMillis, records, endpoint.gzip());
    }

    String requestId() {
        return requestId;
    }

    HttpRequest toHttpRequest() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(Duration.ofMillis(endpoint.requestTimeoutMillis()))
                .header("Content-Type", "application/json")
                .header("X-Amz-Firehose-Protocol-Version", PROTOCOL_VERSION)
                .header("X-Amz-Firehose-Request-Id", requestId)
                .header("X-Amz-Firehose-Source-Arn", endpoint.sourceArn())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!endpoint.accessKey().isEmpty()) {
            request.header("X-Amz-Firehose-Access-Key", endpoint.accessKey());
        }
        if (!endpoint.commonAttributes().isEmpty()) {
            request.header("X-Amz-Firehose-Common-Attributes", commonAttributes(endpoint.commonAttributes()));
        }
        if (endpoint.gzip()) {
            request.header("Content-Encoding", "gzip");
        }
        return request.build();
    }

    private static String commonAttributes(Map<String, String> attributes) {
        try {
            return JSON.writeValueAsString(Map.of("commonAttributes", attributes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] body(String requestId, long timestamp, List<BufferedRecords.Entry> records, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : bytes;
                JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("requestId", requestId);
            json.writeNumberField("timestamp", timestamp);
            json.writeArrayFieldStart("records");
            for (BufferedRecords.Entry record : records) {
                json.writeStartObject();
                json.writeStringField("data", record.base64());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
