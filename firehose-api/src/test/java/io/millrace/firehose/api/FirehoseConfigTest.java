package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.translation.TranslationEnvironment;
import io.millrace.gateway.config.S3Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirehoseConfigTest {

    @Test
    void aConfigurationOfThePreviousVersionReadsAsBefore() {
        FirehoseConfig config = new FirehoseConfig(Map.of(
                "millrace.firehose.connect.url", "http://connect:8083/",
                "millrace.firehose.direct-put.topic.prefix", "dp-",
                "millrace.firehose.tasks.max", "3",
                "millrace.firehose.lifecycle.step.timeout.ms", "5000",
                "millrace.firehose.s3.endpoint", "http://s3:9000",
                "millrace.firehose.s3.region", "eu-west-1",
                "millrace.firehose.s3.access.key.id", "key",
                "millrace.firehose.s3.secret.access.key", "secret",
                "millrace.firehose.s3.path.style.access", "true"));

        assertThat(config.connectUrl()).isEqualTo("http://connect:8083");
        assertThat(config.directPutTopic("orders")).isEqualTo("dp-orders");
        assertThat(config.getLong(FirehoseConfig.STEP_TIMEOUT_MS)).isEqualTo(5000L);
        TranslationEnvironment environment = config.environment();
        assertThat(environment.s3Endpoint()).isEqualTo("http://s3:9000");
        assertThat(environment.s3Region()).isEqualTo("eu-west-1");
        assertThat(environment.accessKeyId()).isEqualTo("key");
        assertThat(environment.secretAccessKey()).isEqualTo("secret");
        assertThat(environment.pathStyleAccess()).isTrue();
        assertThat(environment.tasksMax()).isEqualTo(3);
    }

    @Test
    void readsTheSharedS3SettingsAndTakesTheSdkDefaultsWhenTheyAreEmpty() {
        FirehoseConfig shared = new FirehoseConfig(Map.of(
                FirehoseConfig.CONNECT_URL,
                "http://c:8083",
                S3Settings.ENDPOINT,
                "http://s3:9000",
                S3Settings.ACCESS_KEY_ID,
                "key"));
        FirehoseConfig defaults = new FirehoseConfig(Map.of(FirehoseConfig.CONNECT_URL, "http://c:8083"));

        assertThat(shared.environment().s3Endpoint()).isEqualTo("http://s3:9000");
        assertThat(shared.environment().accessKeyId()).isEqualTo("key");
        assertThat(defaults.environment().s3Endpoint()).isNull();
        assertThat(defaults.environment().accessKeyId()).isNull();
        assertThat(defaults.environment().secretAccessKey()).isNull();
    }
}
