package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Reserved concurrency across two gateways on one Kafka (their own Lambda topic, so their own membership group),
 * through the real SDK v2: a function reserved to 1 invoked slowly on both at once runs on one and is throttled
 * (429, Reason ReservedFunctionConcurrentInvocationLimitExceeded) on the other; once the gateway that ran it stops,
 * the other has the whole reservation: one invocation runs there and a second at the same time is throttled.
 */
class ConcurrencyAcrossGatewaysIT {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String HELD = "{\"hold\":true}";

    /** A gateway hosting only the Lambda API, without pollers. */
    private record Node(Gateway gateway, LambdaService service, LambdaClient lambda) implements AutoCloseable {
        @Override
        public void close() {
            lambda.close();
            gateway.close();
            service.close();
        }
    }

    private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(0));

    @Test
    void aReservationOfOneRunsOnceAcrossTwoGatewaysAndMovesWhole() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "__millrace_lambda_shares_" + run;
        List<Node> nodes = new ArrayList<>();
        try (HttpFunction function = new HttpFunction(event -> {
            if (event.has("hold")) {
                try {
                    release.get().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HttpFunction.Answer.ok("{}");
        })) {
            nodes.add(node(topic));
            nodes.add(node(topic));
            String name = "shared-" + run;
            LambdaClient first = nodes.get(0).lambda();
            first.createFunction(b -> b.functionName(name)
                    .role("arn:aws:iam::000000000000:role/lambda-role")
                    .packageType(PackageType.IMAGE)
                    .code(c -> c.imageUri(function.url()))
                    .timeout(60));
            first.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(1));
            await().atMost(BOUND)
                    .ignoreExceptions()
                    .until(() -> nodes.get(1)
                                    .lambda()
                                    .getFunctionConcurrency(b -> b.functionName(name))
                                    .reservedConcurrentExecutions()
                            == 1);

            // Once each gateway sees the other, exactly one of two held invocations at once runs.
            int[] throttled = new int[1];
            await().atMost(BOUND).until(() -> {
                throttled[0] =
                        heldPair(function, nodes.get(0).lambda(), nodes.get(1).lambda(), name);
                return throttled[0] >= 0;
            });
            long stopped = System.currentTimeMillis();
            // The gateway that ran it stops; the other, which was throttled, gets the whole reservation.
            Node survivor = nodes.get(throttled[0]);
            nodes.remove(1 - throttled[0]).close();
            await().atMost(BOUND).until(() -> heldPair(function, survivor.lambda(), survivor.lambda(), name) >= 0);
            System.out.println("CONCURRENCY_SHARES whole reservation on the remaining gateway "
                    + (System.currentTimeMillis() - stopped) + " ms after the other stopped");
        } finally {
            release.get().countDown();
            nodes.forEach(Node::close);
        }
    }

    /**
     * Invokes the held function through {@code a} and {@code b} at once: the index (0 for a, 1 for b) of the one
     * throttled while the other runs, or -1 when both ran or both were throttled (the shares not yet recomputed).
     */
    private int heldPair(HttpFunction function, LambdaClient a, LambdaClient b, String name) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        release.set(held);
        int before = function.invocations().size();
        List<CompletableFuture<InvokeResponse>> calls = List.of(invokeHeld(a, name), invokeHeld(b, name));
        try {
            await().atMost(BOUND)
                    .until(() -> function.invocations().size() - before >= 2
                            || calls.stream().anyMatch(CompletableFuture::isDone));
            int done = calls.get(0).isDone() ? 0 : calls.get(1).isDone() ? 1 : -1;
            if (done < 0) {
                return -1;
            }
            assertThat(calls.get(done))
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.getMessage()).contains("Rate Exceeded.");
                        assertThat(e.reason().toString())
                                .isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
                    });
            // The other one is running, held, unless it was throttled too (this gateway's share still 0).
            await().atMost(BOUND)
                    .until(() -> function.invocations().size() - before == 1
                            || calls.get(1 - done).isDone());
            if (function.invocations().size() == before) {
                return -1;
            }
            held.countDown();
            assertThat(calls.get(1 - done).join().statusCode()).isEqualTo(200);
            return done;
        } finally {
            held.countDown();
            for (CompletableFuture<InvokeResponse> call : calls) {
                try {
                    call.join();
                } catch (CompletionException e) {
                    // a throttled one, already judged
                }
            }
        }
    }

    private static CompletableFuture<InvokeResponse> invokeHeld(LambdaClient lambda, String name) {
        return CompletableFuture.supplyAsync(
                () -> lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String(HELD))));
    }

    private static Node node(String topic) throws Exception {
        KinesisConfig config = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers(), KinesisConfig.PORT, "0"));
        LambdaService service = LambdaService.start(
                new LambdaConfig(Map.of(LambdaConfig.TOPIC, topic, LambdaConfig.POLLERS, "false")),
                config.kafkaClientProperties(),
                config.getString(GatewayConfig.REGION),
                config.getString(GatewayConfig.ACCOUNT_ID));
        Gateway gateway = Gateway.start(config, List.of(service));
        LambdaClient lambda = LocalClients.pointedAt(
                        LambdaClient.builder(),
                        URI.create("http://127.0.0.1:" + gateway.port()),
                        Duration.ofSeconds(60))
                .build();
        return new Node(gateway, service, lambda);
    }
}
