package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.GetEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * A mapping whose event source goes away under it, through the real SDK v2 Lambda and Kinesis clients: once its
 * stream consumer is deregistered (or its stream deleted) for the gateway's 3 s, the mapping is Disabled by Lambda
 * (StateTransitionReason ESM_CONFIG_NOT_VALID, LastProcessingResult the PROBLEM), stays so across a restart of the
 * pollers, invokes nothing more, refuses to be enabled while the source is gone, and resumes from its checkpoint once
 * the source is back and a user enables it.
 */
class SourceGoneIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private LambdaGateway gateway;
    private KinesisClient kinesis;
    private LambdaClient lambda;
    private String run;

    @BeforeEach
    void gateway() throws Exception {
        gateway = LambdaGateway.shared();
        kinesis = gateway.kinesis();
        lambda = gateway.lambda();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aDeregisteredConsumerDisablesItsMappingUntilReRegisteredAndEnabled() throws Exception {
        String stream = "gone-efo-" + run;
        String streamArn = gateway.createStream(stream);
        String consumerName = "lambda-" + run;
        String consumerArn = register(kinesis, streamArn, consumerName);
        try (HttpFunction function = new HttpFunction(event -> HttpFunction.Answer.ok("{}"))) {
            String name = "gone-efo-" + run;
            gateway.createFunction(name, function);
            String uuid = lambda.createEventSourceMapping(b -> b.functionName(name)
                            .eventSourceArn(consumerArn)
                            .startingPosition(EventSourcePosition.TRIM_HORIZON)
                            .batchSize(10))
                    .uuid();
            List<String> before = put(stream, "a", 5);
            await().atMost(BOUND).until(() -> function.deliveredData().size() >= before.size());

            kinesis.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
            long deregistered = System.currentTimeMillis();
            awaitDisabledBy(lambda, uuid, "PROBLEM: Stream consumer not found");
            long disabledAfter = System.currentTimeMillis() - deregistered;
            System.out.println("SOURCE_GONE consumer deregistered -> mapping Disabled after " + disabledAfter + " ms");
            assertThat(disabledAfter).isGreaterThanOrEqualTo(3_000);

            // Nothing invoked after: records put now wait in the stream.
            int invocations = function.invocations().size();
            List<String> after = put(stream, "b", 5);
            Thread.sleep(3_000);
            assertThat(function.invocations()).hasSize(invocations);
            assertThat(function.deliveredData()).containsExactlyElementsOf(before);
            assertThatThrownBy(() ->
                            lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Stream consumer not found");

            // Registered again under its name (so another ARN) and enabled: the mapping follows it and resumes.
            String again = register(kinesis, streamArn, consumerName);
            assertThat(again).isNotEqualTo(consumerArn);
            var enabled = lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true));
            assertThat(enabled.state()).isEqualTo("Enabling");
            assertThat(enabled.eventSourceArn()).isEqualTo(again);
            assertThat(enabled.stateTransitionReason()).isEqualTo("User action");
            await().atMost(BOUND).until(() -> function.deliveredData().size() >= before.size() + after.size());
            List<String> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(function.deliveredData()).containsExactlyElementsOf(all);
            GetEventSourceMappingResponse resumed = lambda.getEventSourceMapping(b -> b.uuid(uuid));
            assertThat(resumed.state()).isEqualTo("Enabled");
            assertThat(resumed.lastProcessingResult()).isEqualTo("OK");
            lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
        }
    }

    @Test
    void aDeletedStreamDisablesItsMappingDurablyUntilReCreatedAndEnabled() throws Exception {
        String stream = "gone-" + run;
        String streamArn = gateway.createStream(stream);
        try (HttpFunction function = new HttpFunction(event -> HttpFunction.Answer.ok("{}"))) {
            String name = "gone-" + run;
            gateway.createFunction(name, function);
            String uuid = lambda.createEventSourceMapping(b -> b.functionName(name)
                            .eventSourceArn(streamArn)
                            .startingPosition(EventSourcePosition.TRIM_HORIZON))
                    .uuid();
            List<String> before = put(stream, "a", 3);
            await().atMost(BOUND).until(() -> function.deliveredData().size() >= before.size());

            kinesis.deleteStream(b -> b.streamName(stream));
            awaitDisabledBy(lambda, uuid, "PROBLEM: Stream not found");
            int invocations = function.invocations().size();

            // Durable: a restarted service (its pollers) reads the mapping Disabled and does not resume it.
            gateway.restartLambda();
            Thread.sleep(2_000);
            GetEventSourceMappingResponse restarted = lambda.getEventSourceMapping(b -> b.uuid(uuid));
            assertThat(restarted.state()).isEqualTo("Disabled");
            assertThat(restarted.stateTransitionReason()).isEqualTo("ESM_CONFIG_NOT_VALID");
            assertThat(restarted.lastProcessingResult()).isEqualTo("PROBLEM: Stream not found");
            assertThat(function.invocations()).hasSize(invocations);
            assertThatThrownBy(() ->
                            lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Stream not found");

            // The stream created again under its name (so the same ARN) and the mapping enabled: it runs again.
            await().atMost(BOUND)
                    .ignoreExceptionsInstanceOf(ResourceInUseException.class)
                    .until(() -> {
                        gateway.createStream(stream);
                        return true;
                    });
            assertThat(lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true))
                            .state())
                    .isEqualTo("Enabling");
            List<String> later = put(stream, "c", 3);
            await().atMost(BOUND).until(() -> function.deliveredData().containsAll(later));
            assertThat(lambda.getEventSourceMapping(b -> b.uuid(uuid)).stateTransitionReason())
                    .isEqualTo("User action");
            lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
        }
    }

    private static void awaitDisabledBy(LambdaClient lambda, String uuid, String problem) {
        Supplier<GetEventSourceMappingResponse> get = () -> lambda.getEventSourceMapping(b -> b.uuid(uuid));
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            GetEventSourceMappingResponse mapping = get.get();
            assertThat(mapping.state()).isEqualTo("Disabled");
            assertThat(mapping.stateTransitionReason()).isEqualTo("ESM_CONFIG_NOT_VALID");
            assertThat(mapping.lastProcessingResult()).isEqualTo(problem);
        });
    }

    /** Registers the consumer (again once a deregistered one of the name is gone) and waits until it is ACTIVE. */
    private static String register(KinesisClient kinesis, String streamArn, String consumerName) {
        String[] arn = new String[1];
        await().atMost(BOUND)
                .ignoreExceptionsInstanceOf(ResourceInUseException.class)
                .until(() -> {
                    arn[0] = kinesis.registerStreamConsumer(
                                    b -> b.streamARN(streamArn).consumerName(consumerName))
                            .consumer()
                            .consumerARN();
                    return true;
                });
        await().atMost(BOUND)
                .until(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(arn[0]))
                                .consumerDescription()
                                .consumerStatus()
                        == ConsumerStatus.ACTIVE);
        return arn[0];
    }

    private List<String> put(String stream, String prefix, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            values.add(prefix + "-" + i);
        }
        gateway.put(stream, values, value -> "k");
        return values;
    }
}
