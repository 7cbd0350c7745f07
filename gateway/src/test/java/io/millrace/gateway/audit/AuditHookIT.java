package io.millrace.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.route.HttpRoute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;

/**
 * The gateway's side of the audit trail, through the real SDK: every call reaches the trail with its outcome and
 * caller, and its answer leaves only once the trail has acknowledged it.
 */
class AuditHookIT {

    private static final String ACCOUNT = "123456789012";
    private static final String ARN = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final Principal ALICE = new Principal(ARN, ARN, ACCOUNT, "AIDAALICE", "alice", Principal.Type.USER);

    /** The calls handed to the trail, each with the stage that acknowledges it, which the test completes. */
    private final BlockingQueue<Pending> calls = new LinkedBlockingQueue<>();

    private record Pending(ApiCall call, CompletableFuture<Void> ack) {}

    /** What the gateway lends a hosted route (a console): its in-process calls. */
    private final AtomicReference<GatewayCalls> lent = new AtomicReference<>();

    private volatile boolean unreachable;
    private Gateway gateway;

    @BeforeEach
    void start() throws InterruptedException {
        KeyDirectory keys = (accessKeyId, token) -> accessKeyId.equals("AKIAALICE")
                ? Optional.of(SigningCredential.longTerm(accessKeyId, "alice-secret", ALICE))
                : Optional.empty();
        gateway = Gateway.start(
                new GatewayConfig(Map.of(
                        GatewayConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                        GatewayConfig.PORT, "0",
                        GatewayConfig.ACCOUNT_ID, ACCOUNT,
                        GatewayConfig.AUTH_MODE, "signed")),
                List.of(new OneAction(lent)),
                new AccessControl(
                        keys,
                        (principal, context, request) -> request.action().equals("kinesis:ListStreams")
                                ? Decision.ALLOW
                                : Decision.deny(
                                        "because no identity-based policy allows the " + request.action() + " action")),
                call -> {
                    if (unreachable) {
                        return CompletableFuture.failedFuture(new IllegalStateException("the topic is unreachable"));
                    }
                    CompletableFuture<Void> ack = new CompletableFuture<>();
                    calls.add(new Pending(call, ack));
                    return ack;
                });
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void theAnswerWaitsForTheTrailAndNamesTheSameRequest() throws Exception {
        try (KinesisClient alice = client("AKIAALICE", "alice-secret")) {
            CompletableFuture<ListStreamsResponse> answer = CompletableFuture.supplyAsync(alice::listStreams);
            Pending pending = calls.poll(10, TimeUnit.SECONDS);
            assertThat(pending).isNotNull();
            // Held for a while: the client must not have its answer before the trail holds the call.
            Thread.sleep(300);
            assertThat(answer).isNotDone();

            pending.ack().complete(null);
            ListStreamsResponse response = answer.get(10, TimeUnit.SECONDS);

            assertThat(response.streamNames()).containsExactly("mine");
            assertThat(response.responseMetadata().requestId())
                    .isEqualTo(pending.call().requestId());
            ApiCall call = pending.call();
            assertThat(call.targetPrefix()).isEqualTo("Kinesis_20131202");
            assertThat(call.action()).isEqualTo("ListStreams");
            assertThat(call.signingService()).isEqualTo("kinesis");
            assertThat(call.caller()).isEqualTo(ALICE);
            assertThat(call.accessKeyId()).isEqualTo("AKIAALICE");
            assertThat(call.sourceIp()).isEqualTo("127.0.0.1");
            assertThat(call.userAgent()).contains("aws-sdk-java");
            assertThat(call.region()).isEqualTo("us-east-1");
            assertThat(call.response().path("StreamNames").get(0).asText()).isEqualTo("mine");
            assertThat(call.error()).isNull();
            assertThat(call.tls()).isNull();
        }
    }

    @Test
    void refusedUnknownAndUnauthenticatedCallsAreRecordedWithTheirErrors() throws Exception {
        try (KinesisClient alice = client("AKIAALICE", "alice-secret");
                KinesisClient impostor = client("AKIAALICE", "wrong")) {
            CompletableFuture<Throwable> denied = failure(() -> alice.deleteStream(r -> r.streamName("s")));
            ApiCall refused = ack();
            assertThat(denied.get(10, TimeUnit.SECONDS)).isInstanceOf(AccessDeniedException.class);
            assertThat(refused.action()).isEqualTo("DeleteStream");
            assertThat(refused.caller()).isEqualTo(ALICE);
            assertThat(refused.request().path("StreamName").asText()).isEqualTo("s");
            assertThat(refused.error().type()).isEqualTo("AccessDeniedException");
            assertThat(refused.response()).isNull();

            CompletableFuture<Throwable> badSignature = failure(impostor::listStreams);
            ApiCall unauthenticated = ack();
            assertThat(badSignature.get(10, TimeUnit.SECONDS)).isInstanceOf(KinesisException.class);
            assertThat(unauthenticated.caller()).isNull();
            assertThat(unauthenticated.accessKeyId()).isEqualTo("AKIAALICE");
            assertThat(unauthenticated.error().type()).isEqualTo("InvalidSignatureException");
        }
        HttpResponse<String> unknown = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/"))
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .header("X-Amz-Target", "NoSuchService_2020.DoIt")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenCombine(CompletableFuture.supplyAsync(this::ack), (response, call) -> {
                    assertThat(call.targetPrefix()).isEqualTo("NoSuchService_2020");
                    assertThat(call.action()).isEqualTo("DoIt");
                    assertThat(call.error().type()).isEqualTo("UnknownOperationException");
                    return response;
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void callsAConsoleMakesInProcessAreRecordedAsTheSignedInUserBeforeTheyAnswer() throws Exception {
        RequestContext browser = new RequestContext("127.0.0.7", false, Instant.now(), "Mozilla/5.0 (console)", null);
        CompletableFuture<com.fasterxml.jackson.databind.JsonNode> listed = lent.get()
                .call(ALICE, browser, "Kinesis_20131202", "ListStreams", JsonNodeFactory.instance.objectNode())
                .toCompletableFuture();
        Pending pending = calls.poll(10, TimeUnit.SECONDS);
        assertThat(pending).as("the in-process call reached the trail").isNotNull();
        Thread.sleep(300);
        assertThat(listed).as("answered before the trail held it").isNotDone();
        pending.ack().complete(null);
        assertThat(listed.get(10, TimeUnit.SECONDS).path("StreamNames").get(0).asText())
                .isEqualTo("mine");
        ApiCall call = pending.call();
        assertThat(call.action()).isEqualTo("ListStreams");
        assertThat(call.caller()).isEqualTo(ALICE);
        assertThat(call.sourceIp()).isEqualTo("127.0.0.7");
        assertThat(call.userAgent()).isEqualTo("Mozilla/5.0 (console)");
        assertThat(call.region()).isEqualTo("us-east-1");

        CompletableFuture<com.fasterxml.jackson.databind.JsonNode> deleted = lent.get()
                .call(ALICE, browser, "Kinesis_20131202", "DeleteStream", JsonNodeFactory.instance.objectNode())
                .toCompletableFuture();
        ApiCall refused = ack();
        assertThat(refused.error().type()).isEqualTo("AccessDeniedException");
        assertThat(deleted)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void aTrailThatCannotTakeTheCallTurnsTheAnswerIntoAnInternalFailure() throws Exception {
        try (KinesisClient alice = client("AKIAALICE", "alice-secret")) {
            unreachable = true;
            assertThat(failure(alice::listStreams).get(30, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(KinesisException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailureException");
                    });
        }
    }

    /** The next call handed to the trail, acknowledged at once. */
    private ApiCall ack() {
        try {
            Pending pending = calls.poll(10, TimeUnit.SECONDS);
            assertThat(pending).as("a call reached the trail").isNotNull();
            pending.ack().complete(null);
            return pending.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Throwable> failure(Runnable call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                call.run();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
    }

    private KinesisClient client(String key, String secret) {
        return KinesisClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + gateway.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    private static final class OneAction implements GatewayService {
        private final AtomicReference<GatewayCalls> lent;

        OneAction(AtomicReference<GatewayCalls> lent) {
            this.lent = lent;
        }

        @Override
        public List<HttpRoute> routes(GatewayCalls calls) {
            lent.set(calls);
            return List.of();
        }

        @Override
        public List<AwsService> apis() {
            return List.of(ActionRegistry.forService("Kinesis_20131202", "kinesis")
                    .onIoThread("ListStreams", request -> {
                        var answer = JsonNodeFactory.instance.objectNode();
                        answer.putArray("StreamNames").add("mine");
                        answer.put("HasMoreStreams", false);
                        return answer;
                    })
                    .onIoThread("DeleteStream", request -> JsonNodeFactory.instance.objectNode())
                    .access(request -> request.action().equals("DeleteStream")
                            ? List.of(AccessRequest.of("kinesis:DeleteStream", "*"))
                            : null)
                    .build());
        }

        @Override
        public void close() {}
    }
}
