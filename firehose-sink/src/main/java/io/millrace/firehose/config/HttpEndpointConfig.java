package io.millrace.firehose.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.conversion.ConversionConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The HTTP endpoint destination's keys ({@link HttpEndpointKeys}) of a {@link FirehoseSinkConfig}, checked and read
 * into the {@link HttpEndpointSettings} its task delivers with.
 */
final class HttpEndpointConfig {

    private HttpEndpointConfig() {}

    /** An HTTP endpoint destination takes records as processed: no S3-only features on it. */
    static void validate(FirehoseSinkConfig c) {
        if (!c.httpEndpointDestination()) {
            return;
        }
        String url = c.getString(HttpEndpointKeys.URL);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(HttpEndpointKeys.URL, url, "must be an http:// or https:// URL");
        }
        if (c.dynamicPartitioning() || c.getBoolean(ConversionConfig.ENABLED)) {
            throw new ConfigException(
                    HttpEndpointKeys.DESTINATION_TYPE,
                    HttpEndpointKeys.HTTP_ENDPOINT,
                    "dynamic partitioning and format conversion are S3 destination features");
        }
        commonAttributes(c);
    }

    /** The HTTP endpoint destination, or null when the destination is S3. */
    static HttpEndpointSettings read(FirehoseSinkConfig c) {
        if (!c.httpEndpointDestination()) {
            return null;
        }
        return new HttpEndpointSettings(
                c.getString(HttpEndpointKeys.URL),
                c.getString(HttpEndpointKeys.NAME),
                c.getPassword(HttpEndpointKeys.ACCESS_KEY).value(),
                "GZIP".equals(c.getString(HttpEndpointKeys.CONTENT_ENCODING)),
                commonAttributes(c),
                c.getInt(HttpEndpointKeys.RETRY_DURATION_SECONDS) * 1000L,
                c.getLong(HttpEndpointKeys.REQUEST_TIMEOUT_MS),
                c.deliveryStreamArn());
    }

    private static Map<String, String> commonAttributes(FirehoseSinkConfig c) {
        String json = c.getString(HttpEndpointKeys.COMMON_ATTRIBUTES);
        try {
            JsonNode node = new ObjectMapper().readTree(json.isBlank() ? "{}" : json);
            if (node == null || !node.isObject()) {
                throw new ConfigException(HttpEndpointKeys.COMMON_ATTRIBUTES, json, "must be a JSON object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isTextual()) {
                    throw new ConfigException(
                            HttpEndpointKeys.COMMON_ATTRIBUTES, json, "values must be strings (" + f.getKey() + ")");
                }
                out.put(f.getKey(), f.getValue().asText());
            });
            return out;
        } catch (JsonProcessingException e) {
            throw new ConfigException(HttpEndpointKeys.COMMON_ATTRIBUTES, json, "not JSON: " + e.getOriginalMessage());
        }
    }
}
