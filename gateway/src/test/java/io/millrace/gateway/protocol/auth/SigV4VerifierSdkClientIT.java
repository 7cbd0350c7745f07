package io.millrace.gateway.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.millrace.gateway.protocol.ApiException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * What the real SDK client puts on the wire (its own headers, user agent, CBOR body, HTTP framing) verifies: the
 * request is captured by a real HTTP server and checked with the system clock, as the gateway will.
 */
class SigV4VerifierSdkClientIT {

    private static final String ACCESS_KEY = "AKIAMILLRACECLIENT01";
    private static final String SECRET = "client-test-secret/with+special=chars";

    private final SigV4Verifier verifier = Verifiers.signed(Map.of(ACCESS_KEY, SECRET), Clock.systemUTC());
    private final AtomicReference<Object> outcome = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::capture);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void capture(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            URI uri = exchange.getRequestURI();
            SignedRequest request =
                    new SignedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
            try {
                outcome.set(verifier.verify(request));
            } catch (ApiException e) {
                outcome.set(e);
            }
            // Whatever the answer, the client fails to parse it; only the verification outcome matters here.
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private KinesisClient client(String secret) {
        return KinesisClient.builder()
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.AP_SOUTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    private void putRecord(String secret) {
        try (KinesisClient kinesis = client(secret)) {
            assertThatThrownBy(() -> kinesis.putRecord(r -> r.streamName("orders")
                            .partitionKey("k")
                            .data(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}))))
                    .isNotNull();
        }
    }

    @Test
    void putRecordFromTheSdkClientVerifies() {
        putRecord(SECRET);
        assertThat(outcome.get()).isEqualTo(Verifiers.caller(ACCESS_KEY, "ap-southeast-2", "kinesis"));
    }

    @Test
    void sdkClientWithTheWrongSecretIsRejected() {
        putRecord("wrong-secret");
        assertThat(outcome.get())
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
    }
}
