package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.lambda.testkit.Checkpoints;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import io.millrace.metrics.MetricSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Reserved concurrency through the real SDK: Put/Get/DeleteFunctionConcurrency and GetFunction's Concurrency, the
 * account's 100 unreserved refused to be given away; a function reserved to 1 and busy throttles a synchronous
 * Invoke (TooManyRequestsException) and an event source mapping's batches, which are retried until the function is
 * free and then deliver every record once and in order; Throttles and ConcurrentExecutions read back as published.
 */
class ConcurrencyIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Test
    void aFunctionAtItsReservedConcurrencyThrottlesInvokeAndAMappingRetriesWithoutLoss() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        LambdaClient lambda = gateway.lambda();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "reserved-" + run;
        List<MetricSample> samples = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (AutoCloseable publisher = gateway.publishMetricsTo(samples::addAll, Duration.ofSeconds(1));
                HttpFunction function = new HttpFunction(event -> {
                    if (event.has("hold")) {
                        try {
                            release.await(120, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return HttpFunction.Answer.ok("{}");
                })) {
            // A timeout longer than the held invocation, which must keep its slot until released.
            lambda.createFunction(b -> b.functionName(name)
                    .role("arn:aws:iam::000000000000:role/lambda-role")
                    .packageType(PackageType.IMAGE)
                    .code(c -> c.imageUri(function.url()))
                    .timeout(120));
            assertThat(lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(1))
                            .reservedConcurrentExecutions())
                    .isEqualTo(1);
            assertThat(lambda.getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions())
                    .isEqualTo(1);
            assertThat(lambda.getFunction(b -> b.functionName(name))
                            .concurrency()
                            .reservedConcurrentExecutions())
                    .isEqualTo(1);
            // 1000 (the account's) - 950 leaves fewer than the 100 AWS keeps unreserved.
            assertThatThrownBy(() -> lambda.putFunctionConcurrency(
                            b -> b.functionName(name).reservedConcurrentExecutions(950)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("minimum value of [100]");

            // One invocation holds the function's only slot: another is throttled.
            CompletableFuture<InvokeResponse> held = CompletableFuture.supplyAsync(
                    () -> lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"hold\":1}"))));
            await().atMost(DELIVERY).until(() -> function.invocations().size() == 1);
            assertThatThrownBy(() ->
                            lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"a\":1}"))))
                    .isInstanceOf(TooManyRequestsException.class)
                    .satisfies(e -> assertThat(((TooManyRequestsException) e).statusCode())
                            .isEqualTo(429));

            // A mapping's batches meanwhile are throttled and retried; once the slot is free they all arrive.
            String stream = "reserved-" + run;
            String streamArn = gateway.createStream(stream);
            List<String> expected = new ArrayList<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("r" + i);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromUtf8String("r" + i))
                        .build());
            }
            gateway.kinesis().putRecords(b -> b.streamName(stream).records(entries));
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(5)
                    .maximumRetryAttempts(0));
            await().atMost(DELIVERY)
                    .untilAsserted(() -> assertThat(sum(samples, "Throttles", name))
                            .as(() -> "Throttles of " + name + " in " + samples)
                            .isGreaterThanOrEqualTo(3));
            assertThat(function.deliveredData()).isEmpty();
            release.countDown();
            assertThat(held.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            await().atMost(DELIVERY).until(() -> function.deliveredData().size() >= expected.size());
            await().atMost(DELIVERY).until(() -> Checkpoints.behind(mapping.uuid()) == expected.size());
            assertThat(function.deliveredData()).containsExactlyElementsOf(expected);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> max(samples, "ConcurrentExecutions", name) >= 1
                            && max(samples, "ConcurrentExecutions", null) >= 1);
            assertThat(max(samples, "ConcurrentExecutions", name)).isEqualTo(1);
            assertThat(samples)
                    .filteredOn(s ->
                            s.metricName().equals("Throttles") && s.dimensions().isEmpty())
                    .isNotEmpty();

            lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
            lambda.deleteFunctionConcurrency(b -> b.functionName(name));
            assertThat(lambda.getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions())
                    .isNull();
            assertThat(lambda.getFunction(b -> b.functionName(name)).concurrency())
                    .isNull();
        }
    }

    /** The Sum of a figure over the samples of one function (or, with a null name, the account's). */
    private static double sum(List<MetricSample> samples, String metric, String function) {
        return of(samples, metric, function).stream()
                .mapToDouble(MetricSample::sum)
                .sum();
    }

    private static double max(List<MetricSample> samples, String metric, String function) {
        return of(samples, metric, function).stream()
                .mapToDouble(MetricSample::maximum)
                .max()
                .orElse(0);
    }

    private static List<MetricSample> of(List<MetricSample> samples, String metric, String function) {
        return samples.stream()
                .filter(s -> s.metricName().equals(metric))
                .filter(s -> function == null
                        ? s.dimensions().isEmpty()
                        : function.equals(s.dimensions().get("FunctionName")))
                .toList();
    }
}
