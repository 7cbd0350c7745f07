package io.millrace.analytics.application;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Millrace's counterpart of AWS's {@code com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime}:
 * a Java application's {@code main} reads its runtime properties ({@code EnvironmentProperties.PropertyGroups})
 * with {@link #getApplicationProperties()}, one {@link Properties} per group id. Porting an application is changing
 * the import. Call it in {@code main}, where the job is built (as on AWS): Millrace hands the properties to the job
 * in its Flink configuration.
 */
public final class KinesisAnalyticsRuntime {

    /** The option carrying the property groups, as JSON {@code {"group": {"key": "value"}}}. */
    public static final ConfigOption<String> APPLICATION_PROPERTIES = ConfigOptions.key(
                    "millrace.application.properties")
            .stringType()
            .noDefaultValue()
            .withDescription("Runtime properties of a Millrace application, read by KinesisAnalyticsRuntime.");

    private static final ObjectMapper JSON = new ObjectMapper();

    private KinesisAnalyticsRuntime() {}

    /** The application's property groups; empty when it has none (or runs outside an application). */
    public static Map<String, Properties> getApplicationProperties() {
        return getApplicationProperties(
                StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration());
    }

    static Map<String, Properties> getApplicationProperties(ReadableConfig configuration) {
        Map<String, Properties> groups = new LinkedHashMap<>();
        String json = configuration.getOptional(APPLICATION_PROPERTIES).orElse(null);
        if (json == null) {
            return groups;
        }
        try {
            Map<String, Map<String, String>> parsed = JSON.readValue(json, new TypeReference<>() {});
            parsed.forEach((group, values) -> {
                Properties properties = new Properties();
                properties.putAll(values);
                groups.put(group, properties);
            });
            return groups;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + APPLICATION_PROPERTIES.key() + ": " + e.getMessage(), e);
        }
    }

    static String encode(Map<String, Map<String, String>> groups) {
        try {
            return JSON.writeValueAsString(groups);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
