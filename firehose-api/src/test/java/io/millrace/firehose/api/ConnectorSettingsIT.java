package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.config.S3Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
        String name = TestStack.unique("follow");
        String bucket = TestStack.unique("follow-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        String connector = "firehose-" + name;
        String current = stack.s3Endpoint().toString();
        assertThat(s3Endpoint(stack, connector)).isEqualTo(current);

        String elsewhere = "http://127.0.0.1:9";
        try (FirehoseTestGateway moved = FirehoseTestGateway.start(Map.of(S3Settings.ENDPOINT, elsewhere))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> elsewhere.equals(s3Endpoint(stack, connector)));
            client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("while-away;"))));
        }
        try (FirehoseTestGateway back = FirehoseTestGateway.start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> current.equals(s3Endpoint(stack, connector)));
            client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("back;"))));
            await().atMost(Duration.ofSeconds(90)).until(() -> allObjects(stack, bucket).contains("back;"));
            assertThat(allObjects(stack, bucket)).contains("while-away;");
        }
    }

    private static String s3Endpoint(TestStack stack, String connector) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.connectUrl().replaceAll("/+$", "")
                + "/connectors/" + connector + "/config")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path(FirehoseSinkConfig.S3_ENDPOINT).asText();
    }

    private static String allObjects(TestStack stack, String bucket) {
        StringBuilder all = new StringBuilder();
        for (String key : stack.keys(bucket, "")) {
            all.append(new String(stack.get(bucket, key), StandardCharsets.UTF_8));
        }
        return all.toString();
    }
}
