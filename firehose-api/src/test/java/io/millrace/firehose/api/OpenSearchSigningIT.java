package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.opensearch.OpenSearchDelivery;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.auth.CallerIdentity;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.protocol.auth.SignedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * SigV4 towards the cluster: _bulk requests go through a small HTTP server of the test that checks each request's
 * signature with the gateway's own SigV4 verifier (signed mode, the task's key known with its secret) and passes the
 * requests it accepts to a real OpenSearch node. Signed requests are accepted and indexed; unsigned ones, and ones
 * signed with another secret, are refused as AWS refuses them.
 */
class OpenSearchSigningIT {
    @Test
    void signedBulkRequestsCarryAVerifiableSignatureInTheDomainsRegionForServiceEs() throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String index = TestStack.unique("ossigned").toLowerCase();
        try (VerifyingProxy proxy = new VerifyingProxy(node.url(), TestStack.SECRET_KEY)) {
            OpenSearchDelivery delivery = delivery(proxy.url(), index, OpenSearchKeys.AUTH_SIGV4);
            delivery.deliver("signed/segment-0", buffer(20));
            assertThat(node.count(index)).isEqualTo(20);
            assertThat(proxy.refusals).isEmpty();
            assertThat(proxy.callers).isNotEmpty().allSatisfy(caller -> {
                assertThat(caller.accessKeyId()).isEqualTo(TestStack.ACCESS_KEY);
                assertThat(caller.region()).isEqualTo("eu-west-3");
                assertThat(caller.service()).isEqualTo("es");
            });
            assertThat(proxy.authorizations)
                    .allSatisfy(a -> assertThat(a)
                            .startsWith("AWS4-HMAC-SHA256 Credential=" + TestStack.ACCESS_KEY + "/")
                            .contains("/eu-west-3/es/aws4_request")
                            .contains("SignedHeaders=")
                            .contains("host"));
        }
    }

    @Test
    void unsignedRequestsAndOnesSignedWithAnotherSecretAreRefusedAndNothingIsIndexed() throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String index = TestStack.unique("osrefused").toLowerCase();
        try (VerifyingProxy proxy = new VerifyingProxy(node.url(), TestStack.SECRET_KEY)) {
            OpenSearchDelivery unsigned = delivery(proxy.url(), index, OpenSearchKeys.AUTH_NONE);
            assertThatThrownBy(() -> unsigned.deliver("unsigned/segment-0", buffer(3)))
                    .hasMessageContaining("3 documents not indexed")
                    .hasMessageContaining("403")
                    .hasMessageContaining("MissingAuthenticationToken");
            assertThat(proxy.authorizations).isEmpty();
        }
        try (VerifyingProxy proxy = new VerifyingProxy(node.url(), "another-secret")) {
            OpenSearchDelivery signed = delivery(proxy.url(), index, OpenSearchKeys.AUTH_SIGV4);
            assertThatThrownBy(() -> signed.deliver("wrong-secret/segment-0", buffer(3)))
                    .hasMessageContaining("403")
                    .hasMessageContaining("InvalidSignatureException")
                    .hasMessageContaining("does not match");
            assertThat(proxy.authorizations).isNotEmpty();
        }
        assertThat(node.count(index)).isZero();
    }

    private static OpenSearchDelivery delivery(String url, String index, String auth) {
        Map<String, String> props = OpenSearchDestinations.props("signing", "signing", "unused", url, index);
        props.put(OpenSearchKeys.AUTH, auth);
        props.put(OpenSearchKeys.SIGNING_REGION, "eu-west-3");
        return OpenSearchDestinations.delivery(new FirehoseSinkConfig(props), System::currentTimeMillis);
    }

    private static Path buffer(int records) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < records; i++) {
            lines.add("{\"n\":" + i + "}");
        }
        return OpenSearchDestinations.buffer(lines);
    }

    /**
     * Checks the SigV4 signature of each request as an AWS service does (the gateway's verifier, signed mode) and
     * passes the accepted ones to OpenSearch; a refused one gets AWS's 403 with the error's type.
     */
    private static final class VerifyingProxy implements AutoCloseable {
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final List<CallerIdentity> callers = new CopyOnWriteArrayList<>();
        final List<String> refusals = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private final String target;
        private final SigV4Verifier verifier;
        private final HttpClient http = HttpClient.newHttpClient();

        VerifyingProxy(String target, String knownSecret) throws IOException {
            this.target = target;
            Principal root = Principal.root("000000000000");
            this.verifier = new SigV4Verifier(
                    AuthMode.SIGNED,
                    (key, token) -> key.equals(TestStack.ACCESS_KEY)
                            ? Optional.of(SigningCredential.longTerm(key, knownSecret, root))
                            : Optional.empty(),
                    root,
                    Clock.systemUTC());
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            URI uri = exchange.getRequestURI();
            try {
                callers.add(verifier.verify(new SignedRequest(
                        exchange.getRequestMethod(),
                        uri.getRawPath(),
                        uri.getRawQuery(),
                        exchange.getRequestHeaders(),
                        body)));
            } catch (ApiException e) {
                refusals.add(e.type());
                reply(exchange, 403, "{\"__type\":\"" + e.type() + "\",\"message\":\"" + e.getMessage() + "\"}");
                return;
            }
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(target + uri.getRawPath()))
                                .header("Content-Type", "application/x-ndjson")
                                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                reply(exchange, answer.statusCode(), answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(exchange, 502, "{}");
            }
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
