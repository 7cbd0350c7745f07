package io.millrace.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

/** A console call fails as the same call over the wire would, and the trail records the answer the caller got. */
class InProcessCallsTest {

    private static final String ACCOUNT = "000000000000";
    private static final RequestContext CONTEXT =
            new RequestContext("192.0.2.1", false, Instant.parse("2026-12-07T00:00:00Z"), "browser", "us-east-1");

    private final List<ApiCall> recorded = new CopyOnWriteArrayList<>();

    /** An API whose actions fail as named: Bug with a plain exception, Moved with a retriable Kafka error. */
    private static final class FailingService implements AwsService {
        @Override
        public String targetPrefix() {
            return "Failing_20261207";
        }

        @Override
        public CompletionStage<JsonNode> handle(AwsRequest request) {
            return switch (request.action()) {
                case "Bug" -> throw new IllegalStateException("a bug");
                case "Moved" -> CompletableFuture.failedFuture(new NotLeaderOrFollowerException("leader moved"));
                case "Refused" -> CompletableFuture.failedFuture(ApiException.validation("bad input"));
                default ->
                    CompletableFuture.completedFuture(
                            JsonNodeFactory.instance.objectNode().put("ok", true));
            };
        }

        @Override
        public List<AccessRequest> access(AwsRequest request) {
            return List.of(AccessRequest.of("failing:" + request.action(), AccessRequest.ANY_RESOURCE));
        }
    }

    private InProcessCalls calls() {
        return new InProcessCalls(
                List.of(new FailingService()),
                AuthMode.OPEN,
                KeyDirectory.NONE,
                Authorizer.ALLOW_ALL,
                ACCOUNT,
                "us-east-1",
                () -> "",
                call -> {
                    recorded.add(call);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private ApiException failureOf(String action) {
        CompletableFuture<JsonNode> answer = calls().call(
                        Principal.root(ACCOUNT),
                        CONTEXT,
                        "Failing_20261207",
                        action,
                        JsonNodeFactory.instance.objectNode())
                .toCompletableFuture();
        assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class);
        Throwable cause = answer.handle((ok, error) -> error).join();
        while (!(cause instanceof ApiException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(ApiException.class);
        return (ApiException) cause;
    }

    @Test
    void anUnexpectedFailureIsInternalFailureForTheCallerAndInTheTrail() {
        ApiException failure = failureOf("Bug");

        assertThat(failure.type()).isEqualTo("InternalFailureException");
        assertThat(failure.status()).isEqualTo(500);
        assertThat(failure.getMessage()).isEqualTo("Internal service failure.");
        assertThat(recorded)
                .singleElement()
                .satisfies(call -> assertThat(call.error()).isSameAs(failure));
    }

    @Test
    void aTransientKafkaErrorIsInternalFailureToo() {
        assertThat(failureOf("Moved").type()).isEqualTo("InternalFailureException");
    }

    @Test
    void anApiErrorReachesTheCallerUnchanged() {
        ApiException failure = failureOf("Refused");

        assertThat(failure.type()).isEqualTo("ValidationException");
        assertThat(failure.getMessage()).isEqualTo("bad input");
    }

    @Test
    void aSuccessIsAnsweredAfterItIsRecorded() throws Exception {
        JsonNode output = calls().call(
                        Principal.root(ACCOUNT),
                        CONTEXT,
                        "Failing_20261207",
                        "Works",
                        JsonNodeFactory.instance.objectNode())
                .toCompletableFuture()
                .get();

        assertThat(output.path("ok").asBoolean()).isTrue();
        assertThat(recorded)
                .singleElement()
                .satisfies(call -> assertThat(call.error()).isNull());
    }
}
