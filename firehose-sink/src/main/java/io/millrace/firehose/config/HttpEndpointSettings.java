package io.millrace.firehose.config;

import java.util.Map;

/**
 * The HTTP endpoint destination of a delivery stream, as its task delivers to it.
 *
 * @param sourceArn the delivery stream's ARN, sent as X-Amz-Firehose-Source-Arn
 */
public record HttpEndpointSettings(
        String url,
        String name,
        String accessKey,
        boolean gzip,
        Map<String, String> commonAttributes,
        long retryDurationMillis,
        long requestTimeoutMillis,
        String sourceArn) {
    public HttpEndpointSettings {
        commonAttributes = Map.copyOf(commonAttributes);
    }
}
