package io.millrace.analytics.application;

import io.millrace.analytics.table.MillraceOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The platform's key service as the jobs of applications reach it: the KMS endpoint and credentials
 * ({@link AnalyticsConfig#KMS_ENDPOINT} ...) handed to every SQL application as session defaults of its
 * {@code 'millrace'} tables, as the bootstrap servers are, so that a table over a stream encrypted with
 * StartStreamEncryption opens its records without options of the user's. A table's own {@code sse.kms.*} options
 * win (the connector's {@code MillraceDynamicTableFactory} falls back to the session's only for what the table
 * does not give).
 */
record PlatformKms(Map<String, String> sessionOptions) {

    static PlatformKms of(Configuration options) {
        Map<String, String> session = new LinkedHashMap<>();
        String endpoint = options.get(AnalyticsConfig.KMS_ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            session.put(MillraceOptions.SESSION_SSE_KMS_ENDPOINT.key(), endpoint);
            session.put(MillraceOptions.SESSION_SSE_KMS_REGION.key(), options.get(AnalyticsConfig.KMS_REGION));
            String accessKeyId = options.get(AnalyticsConfig.KMS_ACCESS_KEY_ID);
            String secret = options.get(AnalyticsConfig.KMS_SECRET_ACCESS_KEY);
            if (accessKeyId != null && !accessKeyId.isBlank() && secret != null) {
                session.put(MillraceOptions.SESSION_SSE_KMS_ACCESS_KEY_ID.key(), accessKeyId);
                session.put(MillraceOptions.SESSION_SSE_KMS_SECRET_ACCESS_KEY.key(), secret);
            }
        }
        return new PlatformKms(Map.copyOf(session));
    }
}
