package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActionRegistryTest {

    private final ExecutorService workers = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Test
    void runsEachActionOnTheThreadItWasRegisteredWith() throws Exception {
        ActionRegistry registry = ActionRegistry.forService("Test_20240101", "test")
                .onIoThread("Inline", request -> answer(Thread.currentThread().getName()))
                .on(
                        workers,
                        "Blocking",
                        request -> answer(Thread.currentThread().getName()))
                .startOn(
                        workers,
                        "Started",
                        request -> CompletableFuture.completedFuture(
                                answer(Thread.currentThread().getName())))
                .build();
        String caller = Thread.currentThread().getName();

        assertThat(call(registry, "Inline", WireFormat.JSON).path("thread").asText())
                .isEqualTo(caller);
        assertThat(call(registry, "Blocking", WireFormat.JSON).path("thread").asText())
                .isEqualTo("test-worker");
        assertThat(call(registry, "Started", WireFormat.JSON).path("thread").asText())
                .isEqualTo("test-worker");
    }

    @Test
    void namesTheBodyReaderOfAnActionThatHasOne() {
        BodyReader reader = parser -> new BodyReader.Decoded(WireCodec.object(), "read");
        ActionRegistry registry = ActionRegistry.forService("Test_20240101", "test")
                .onIoThread("Streamed", request -> answer(String.valueOf(request.decoded())))
                .readsBody("Streamed", reader)
                .onIoThread("Tree", request -> answer("tree"))
                .build();
        assertThat(registry.bodyReader("Streamed")).isSameAs(reader);
        assertThat(registry.bodyReader("Tree")).isNull();
        assertThatThrownBy(() -> ActionRegistry.forService("Test_20240101", "test")
                        .readsBody("Missing", reader)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing has a body reader but no handler");
    }

    @Test
    void anUnknownActionIsUnknownOperationException() {
        ActionRegistry registry =
                ActionRegistry.forService("Test_20240101", "test").build();
        assertFailsWith(registry, "Nope", "UnknownOperationException", 400, "Unknown operation Test_20240101.Nope.");
    }

    @Test
    void aQueryApiAnswersAnUnknownActionAndADenialAsTheQueryApisDo() {
        ActionRegistry query = ActionRegistry.forService("AWSSecurityTokenServiceV20110615", "sts")
                .queryProtocol(new QueryProtocol("2011-06-15", "sts", "https://sts.amazonaws.com/doc/2011-06-15/"))
                .unsupported(List.of("GetFederationToken"))
                .build();

        assertFailsWith(
                query,
                "Nope",
                WireFormat.QUERY,
                "InvalidAction",
                400,
                "Could not find operation Nope for version 2011-06-15");
        // An API served over Query and JSON too (CloudWatch) answers a JSON call the JSON way.
        assertFailsWith(
                query,
                "Nope",
                WireFormat.JSON_1_0,
                "UnknownOperationException",
                400,
                "Unknown operation AWSSecurityTokenServiceV20110615.Nope.");
        assertFailsWith(
                query,
                "GetFederationToken",
                WireFormat.QUERY,
                "InvalidAction",
                400,
                "Operation GetFederationToken is not supported by this Millrace endpoint yet.");
        assertThat(query.accessDenied("User: u is not authorized")).satisfies(e -> {
            assertThat(e.type()).isEqualTo("AccessDenied");
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.getMessage()).isEqualTo("User: u is not authorized");
        });
        assertThat(ActionRegistry.forService("Test_20240101", "test").build().accessDenied("m"))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("AccessDeniedException");
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void anActionOfTheApiThatIsNotServedSaysSo() {
        ActionRegistry registry = ActionRegistry.forService("Test_20240101", "test")
                .unsupported(List.of("Later"))
                .build();
        assertFailsWith(
                registry,
                "Later",
                "UnknownOperationException",
                400,
                "Operation Later is not supported by this Millrace endpoint yet.");
    }

    @Test
    void aHandlersErrorCompletesTheStageWhereverItRan() {
        ActionRegistry registry = ActionRegistry.forService("Test_20240101", "test")
                .onIoThread("Inline", request -> {
                    throw ApiException.validation("bad inline");
                })
                .startOnIoThread("Started", request -> {
                    throw ApiException.validation("bad start");
                })
                .on(workers, "Blocking", request -> {
                    throw ApiException.validation("bad blocking");
                })
                .on(workers, "Interrupted", request -> {
                    throw new InterruptedException();
                })
                .build();
        assertFailsWith(registry, "Inline", "ValidationException", 400, "bad inline");
        assertFailsWith(registry, "Started", "ValidationException", 400, "bad start");
        assertFailsWith(registry, "Blocking", "ValidationException", 400, "bad blocking");
        assertFailsWith(registry, "Interrupted", "ServiceUnavailable", 503, "Interrupted while serving Interrupted");
    }

    @Test
    void anActionIsRegisteredOnce() {
        ActionRegistry.Builder builder =
                ActionRegistry.forService("Test_20240101", "test").onIoThread("Twice", request -> answer("a"));
        assertThatThrownBy(() -> builder.on(workers, "Twice", request -> answer("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Test_20240101.Twice");
    }

    private static JsonNode answer(String thread) {
        return WireCodec.object().put("thread", thread);
    }

    private static AwsRequest request(String action) {
        return request(action, WireFormat.JSON);
    }

    private static AwsRequest request(String action, WireFormat format) {
        return new AwsRequest(
                "Test_20240101", action, WireCodec.object(), format, "us-east-1", "000000000000", Instant.now());
    }

    private static JsonNode call(ActionRegistry registry, String action, WireFormat format) throws Exception {
        return registry.handle(request(action, format)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static void assertFailsWith(
            ActionRegistry registry, String action, String type, int status, String message) {
        assertFailsWith(registry, action, WireFormat.JSON, type, status, message);
    }

    private static void assertFailsWith(
            ActionRegistry registry, String action, WireFormat format, String type, int status, String message) {
        assertThatThrownBy(() -> call(registry, action, format))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
