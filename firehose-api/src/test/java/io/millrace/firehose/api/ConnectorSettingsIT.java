package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.S3ConnectionKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.config.S3Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * A gateway that starts with other S3 settings than those a delivery stream's connector was made with (a restart
 * with another {@code --s3-port} or {@code --s3-endpoint}) points every connector at them: delivery follows the
 * platform's current S3 store, and records put meanwhile are not lost.
 */
class ConnectorSettingsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void connectorsFollowTheS3SettingsOfTheGatewayThatStarts() throws Exception {
        TestStack stack = TestStack.get();
        FirehoseClient client = FirehoseTestGateway.shared().client();
        String name = activeStream("follow");
        String bucket = name + "-bucket";
        String connector = "firehose-" + name;
        String current = stack.s3Endpoint().toString();
        assertThat(s3Endpoint(stack, connector)).isEqualTo(current);

        String elsewhere = "http://127.0.0.1:9";
        try (FirehoseTestGateway moved = FirehoseTestGateway.start(Map.of(S3Settings.ENDPOINT, elsewhere))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> elsewhere.equals(s3Endpoint(stack, connector)));
            client.putRecord(
                    r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("while-away;"))));
        }
        try (FirehoseTestGateway back = FirehoseTestGateway.start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> current.equals(s3Endpoint(stack, connector)));
            client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("back;"))));
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> allObjects(stack, bucket).contains("back;"));
            assertThat(allObjects(stack, bucket)).contains("while-away;");
        }
    }

    /**
     * Connectors made by an earlier version lack the Kafka settings of the delivery state (their segment log was in
     * S3): the next gateway to start gives them its own, as it does S3 settings.
     */
    @Test
    void connectorsOfAnEarlierVersionGetTheKafkaSettingsOfTheDeliveryState() throws Exception {
        TestStack stack = TestStack.get();
        FirehoseClient client = FirehoseTestGateway.shared().client();
        String name = activeStream("earlier");
        String bucket = name + "-bucket";
        String connector = "firehose-" + name;
        Map<String, String> current = connectorConfig(stack, connector);
        assertThat(current)
                .containsEntry(StateKeys.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers())
                .containsEntry(StateKeys.SEGMENT_LOG_TOPIC, StateKeys.DEFAULT_SEGMENT_LOG_TOPIC)
                .containsEntry(StateKeys.HEALTH_TOPIC, StateKeys.DEFAULT_HEALTH_TOPIC);

        Map<String, String> earlier = new HashMap<>(current);
        earlier.keySet()
                .removeIf(key -> key.startsWith(StateKeys.KAFKA_CLIENT_PREFIX)
                        || key.equals(StateKeys.SEGMENT_LOG_TOPIC)
                        || key.equals(StateKeys.HEALTH_TOPIC));
        new ConnectClient(stack.connectUrl().replaceAll("/+$", "")).putConnector(connector, earlier);
        assertThat(connectorConfig(stack, connector)).doesNotContainKey(StateKeys.KAFKA_BOOTSTRAP_SERVERS);

        try (FirehoseTestGateway upgraded = FirehoseTestGateway.start()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> stack.bootstrapServers()
                            .equals(connectorConfig(stack, connector).get(StateKeys.KAFKA_BOOTSTRAP_SERVERS)));
            assertThat(connectorConfig(stack, connector)).isEqualTo(current);
        }
        client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("upgraded;"))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> allObjects(stack, bucket).contains("upgraded;"));
        assertThat(stack.keys(bucket, "")).noneMatch(key -> key.startsWith("_millrace"));
    }

    /** A new ACTIVE DirectPut stream, delivering to the bucket {@code <its name>-bucket}; returns its name. */
    private static String activeStream(String base) {
        String name = TestStack.unique(base);
        TestStack.get().createBucket(name + "-bucket");
        FirehoseClient client = FirehoseTestGateway.shared().client();
        client.createDeliveryStream(Streams.directPut(name, name + "-bucket").build());
        Streams.awaitActive(client, name);
        return name;
    }

    private static Map<String, String> connectorConfig(TestStack stack, String connector) throws Exception {
        Map<String, String> config = new TreeMap<>();
        JSON.readTree(configJson(stack, connector))
                .fields()
                .forEachRemaining(
                        field -> config.put(field.getKey(), field.getValue().asText()));
        return config;
    }

    private static String configJson(TestStack stack, String connector) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                stack.connectUrl().replaceAll("/+$", "") + "/connectors/" + connector + "/config"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String s3Endpoint(TestStack stack, String connector) throws Exception {
        return JSON.readTree(configJson(stack, connector))
                .path(S3ConnectionKeys.S3_ENDPOINT)
                .asText();
    }

    private static String allObjects(TestStack stack, String bucket) {
        StringBuilder all = new StringBuilder();
        for (String key : stack.keys(bucket, "")) {
            all.append(new String(stack.get(bucket, key), StandardCharsets.UTF_8));
        }
        return all.toString();
    }
}
