package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.processing.TestFunctions;
import io.millrace.gateway.config.GatewayConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;

/**
 * In signed mode a Lambda processor's URL is a request to make the platform call an address: CreateDeliveryStream
 * and UpdateDestination accept only the URLs of millrace.firehose.processing.url-allowlist, and an allowed one runs.
 */
class UrlFunctionAllowlistIT {
    private static final String INTERNAL = "http://127.0.0.1:8083/connectors";

    private final TestStack stack = TestStack.get();

    @Test
    void signedModeRefusesUrlsOffTheAllowlistAtCreateAndUpdateAndCallsAnAllowedOne() throws Exception {
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false);
                FirehoseTestGateway gateway = FirehoseTestGateway.start(Map.of(
                        GatewayConfig.AUTH_MODE,
                        "signed",
                        FirehoseConfig.PROCESSING_URL_ALLOWLIST,
                        URI.create(function.url()).getAuthority()))) {
            FirehoseClient client = gateway.client();
            String stream = TestStack.unique("allowlisted");
            String bucket = TestStack.unique("allowlisted");
            stack.createBucket(bucket);

            assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(stream, bucket)
                            .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                                    .bucketARN("arn:aws:s3:::" + bucket)
                                    .processingConfiguration(lambda(INTERNAL)))
                            .build()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("LambdaArn " + INTERNAL + " is not an allowed function URL")
                    .satisfies(e -> assertThat(((InvalidArgumentException) e).statusCode())
                            .isEqualTo(400));

            client.createDeliveryStream(Streams.directPut(stream, bucket)
                    .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                            .bucketARN("arn:aws:s3:::" + bucket)
                            .prefix("out/")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))
                            .processingConfiguration(lambda(function.url())))
                    .build());
            try {
                Streams.awaitActive(client, stream);
                assertThatThrownBy(() -> client.updateDestination(r -> r.deliveryStreamName(stream)
                                .currentDeliveryStreamVersionId("1")
                                .destinationId("destinationId-000000000001")
                                .extendedS3DestinationUpdate(u -> u.processingConfiguration(lambda(INTERNAL)))))
                        .isInstanceOf(InvalidArgumentException.class)
                        .hasMessageContaining("is not an allowed function URL");
                assertThat(Streams.describe(client, stream).versionId()).isEqualTo("1");

                // The sink, told to enforce the same list, calls the allowed function.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            client.putRecord(r ->
                                    r.deliveryStreamName(stream).record(b -> b.data(SdkBytes.fromUtf8String("kiwi"))));
                            assertThat(stack.keys(bucket, "out/")).isNotEmpty();
                        });
                assertThat(function.invocations()).isPositive();
            } finally {
                client.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
            }
        }
    }

    private static ProcessingConfiguration lambda(String url) {
        return ProcessingConfiguration.builder()
                .enabled(true)
                .processors(Processor.builder()
                        .type("Lambda")
                        .parameters(ProcessorParameter.builder()
                                .parameterName("LambdaArn")
                                .parameterValue(url)
                                .build())
                        .build())
                .build();
    }
}
