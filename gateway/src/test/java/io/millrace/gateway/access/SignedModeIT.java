package io.millrace.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * Signed mode as a client sees it through the real SDK: the key names the principal, the API names the permission,
 * the authorizer decides, and a refusal is AWS's AccessDeniedException with AWS's wording. The policy language
 * itself is the IAM module's; here the authorizer is a fixed table, so that the gateway's part is what is tested.
 */
class SignedModeIT {

    private static final String ACCOUNT = "123456789012";
    private static final Principal ALICE = user("alice");
    private static final Principal BOB = user("bob");
    private static final String TOKEN = "session-token-of-alice";

    private final KeyDirectory keys = (accessKeyId, sessionToken) -> switch (accessKeyId) {
        case "AKIAALICE" -> Optional.of(SigningCredential.longTerm(accessKeyId, "alice-secret", ALICE));
        case "AKIABOB" -> Optional.of(SigningCredential.longTerm(accessKeyId, "bob-secret", BOB));
        case "ASIAALICE" ->
            Optional.of(new SigningCredential(
                    accessKeyId,
                    "temp-secret",
                    ALICE,
                    Optional.of(TOKEN),
                    Optional.of(Instant.now().plusSeconds(600))));
        case "ASIAEXPIRED" ->
            Optional.of(new SigningCredential(
                    accessKeyId,
                    "old-secret",
                    ALICE,
                    Optional.of(TOKEN),
                    Optional.of(Instant.now().minusSeconds(1))));
        default -> Optional.empty();
    };

    /** Alice may list streams and describe stream "mine"; nobody may do anything else. */
    private final Authorizer authorizer = (principal, context, request) -> principal.equals(ALICE)
                    && (request.action().equals("kinesis:ListStreams")
                            || request.equals(AccessRequest.of("kinesis:DescribeStreamSummary", streamArn("mine"))))
            ? Decision.ALLOW
            : Decision.deny("because no identity-based policy allows the " + request.action() + " action");

    private Gateway gateway;

    @BeforeEach
    void start() throws InterruptedException {
        gateway = Gateway.start(
                new GatewayConfig(Map.of(
                        GatewayConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                        GatewayConfig.PORT, "0",
                        GatewayConfig.ACCOUNT_ID, ACCOUNT,
                        GatewayConfig.AUTH_MODE, "signed",
                        GatewayConfig.CREDENTIALS, "AKIAROOT:root-secret")),
                List.of(new TwoActions()),
                new AccessControl(keys, authorizer));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aPrincipalDoesWhatItsPoliciesAllowAndNothingElse() {
        try (KinesisClient alice = client(AwsBasicCredentials.create("AKIAALICE", "alice-secret"))) {
            assertThat(alice.listStreams().streamNames()).containsExactly("mine");
            assertThat(alice.describeStreamSummary(r -> r.streamName("mine"))
                            .streamDescriptionSummary()
                            .streamARN())
                    .isEqualTo(streamArn("mine"));
            assertThatThrownBy(() -> alice.describeStreamSummary(r -> r.streamName("theirs")))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("User: arn:aws:iam::123456789012:user/alice is not authorized to perform:"
                                        + " kinesis:DescribeStreamSummary on resource: " + streamArn("theirs")
                                        + " because no identity-based policy allows the"
                                        + " kinesis:DescribeStreamSummary action");
                    });
        }
        try (KinesisClient bob = client(AwsBasicCredentials.create("AKIABOB", "bob-secret"))) {
            assertThatThrownBy(bob::listStreams)
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("User: arn:aws:iam::123456789012:user/bob is not authorized to perform:"
                            + " kinesis:ListStreams on resource: *");
        }
    }

    @Test
    void theAccountsRootKeysMayDoEverything() {
        try (KinesisClient root = client(AwsBasicCredentials.create("AKIAROOT", "root-secret"))) {
            assertThat(root.describeStreamSummary(r -> r.streamName("theirs"))
                            .streamDescriptionSummary()
                            .streamName())
                    .isEqualTo("theirs");
        }
    }

    @Test
    void temporaryCredentialsNeedTheirTokenAndExpire() {
        try (KinesisClient session = client(AwsSessionCredentials.create("ASIAALICE", "temp-secret", TOKEN))) {
            assertThat(session.listStreams().streamNames()).containsExactly("mine");
        }
        try (KinesisClient wrongToken = client(AwsSessionCredentials.create("ASIAALICE", "temp-secret", "forged"))) {
            assertThatThrownBy(wrongToken::listStreams)
                    .isInstanceOfSatisfying(
                            KinesisException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        try (KinesisClient noToken = client(AwsBasicCredentials.create("ASIAALICE", "temp-secret"))) {
            assertThatThrownBy(noToken::listStreams)
                    .isInstanceOfSatisfying(
                            KinesisException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        try (KinesisClient expired = client(AwsSessionCredentials.create("ASIAEXPIRED", "old-secret", TOKEN))) {
            assertThatThrownBy(expired::listStreams).isInstanceOfSatisfying(KinesisException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is expired");
            });
        }
    }

    @Test
    void unknownKeysWrongSecretsAndUnsignedRequestsGetNoFurtherThanAuthentication() throws Exception {
        try (KinesisClient stranger = client(AwsBasicCredentials.create("AKIANOBODY", "whatever"))) {
            assertThatThrownBy(stranger::listStreams).isInstanceOfSatisfying(KinesisException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            });
        }
        try (KinesisClient impostor = client(AwsBasicCredentials.create("AKIAALICE", "not-her-secret"))) {
            assertThatThrownBy(impostor::listStreams)
                    .isInstanceOfSatisfying(
                            KinesisException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
        }
        HttpResponse<String> unsigned = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/"))
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("MissingAuthenticationTokenException");
    }

    private KinesisClient client(AwsCredentials credentials) {
        return KinesisClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + gateway.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static Principal user(String name) {
        String arn = "arn:aws:iam::" + ACCOUNT + ":user/" + name;
        return new Principal(arn, arn, ACCOUNT, "AIDA" + name.toUpperCase(), name, Principal.Type.USER);
    }

    private static String streamArn(String name) {
        return "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + name;
    }

    /** ListStreams on {@code *}; DescribeStreamSummary on the stream it names, as the authorization reference says. */
    private static final class TwoActions implements GatewayService {
        @Override
        public List<AwsService> apis() {
            return List.of(ActionRegistry.forService("Kinesis_20131202", "kinesis")
                    .onIoThread("ListStreams", request -> {
                        ObjectNode answer = JsonNodeFactory.instance.objectNode();
                        answer.putArray("StreamNames").add("mine");
                        answer.put("HasMoreStreams", false);
                        return answer;
                    })
                    .onIoThread("DescribeStreamSummary", request -> {
                        String name = request.body().path("StreamName").asText();
                        ObjectNode answer = JsonNodeFactory.instance.objectNode();
                        ObjectNode summary = answer.putObject("StreamDescriptionSummary");
                        summary.put("StreamName", name);
                        summary.put("StreamARN", streamArn(name));
                        return answer;
                    })
                    .access(request -> request.action().equals("DescribeStreamSummary")
                            ? List.of(AccessRequest.of(
                                    "kinesis:DescribeStreamSummary",
                                    streamArn(request.body().path("StreamName").asText())))
                            : null)
                    .build());
        }

        @Override
        public void close() {}
    }
}
