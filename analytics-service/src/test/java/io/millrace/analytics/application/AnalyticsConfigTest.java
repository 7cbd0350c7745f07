package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.s3.S3Options;
import io.millrace.gateway.config.S3Settings;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {

    @Test
    void aConfigurationOfThePreviousVersionReadsAsBefore() {
        Configuration options = AnalyticsConfig.configuration(Map.of(
                "millrace.applications.flink-rest-url", "http://jobmanager:8081",
                "millrace.applications.savepoint-dir", "s3://shared/savepoints",
                "millrace.applications.max-applications", "7",
                "millrace.applications.s3.endpoint", "http://s3:9000",
                "millrace.applications.s3.path-style-access", "true",
                "millrace.applications.s3.access-key-id", "key"));

        assertThat(options.get(AnalyticsConfig.FLINK_REST_URL)).isEqualTo("http://jobmanager:8081");
        assertThat(options.get(AnalyticsConfig.SAVEPOINT_DIR)).isEqualTo("s3://shared/savepoints");
        assertThat(options.get(AnalyticsConfig.MAX_APPLICATIONS)).isEqualTo(7);
        assertThat(options.get(AnalyticsConfig.S3_ENDPOINT)).isEqualTo("http://s3:9000");
        assertThat(options.get(AnalyticsConfig.S3_PATH_STYLE_ACCESS)).isTrue();
        assertThat(options.get(AnalyticsConfig.S3_ACCESS_KEY_ID)).isEqualTo("key");
    }

    @Test
    void theCurrentKeyWinsOverTheOldOne() {
        Configuration options = AnalyticsConfig.configuration(
                Map.of("millrace.applications.code-dir", "/old", AnalyticsConfig.CODE_DIR.key(), "/new"));

        assertThat(options.get(AnalyticsConfig.CODE_DIR)).isEqualTo("/new");
    }

    @Test
    void flinkReadsTheS3KeysTheGatewayDefines() {
        assertThat(List.of(
                        S3Options.ENDPOINT.key(),
                        S3Options.REGION.key(),
                        S3Options.ACCESS_KEY_ID.key(),
                        S3Options.SECRET_ACCESS_KEY.key(),
                        S3Options.PATH_STYLE_ACCESS.key()))
                .containsExactly(
                        S3Settings.ENDPOINT,
                        S3Settings.REGION,
                        S3Settings.ACCESS_KEY_ID,
                        S3Settings.SECRET_ACCESS_KEY,
                        S3Settings.PATH_STYLE_ACCESS);
    }
}
