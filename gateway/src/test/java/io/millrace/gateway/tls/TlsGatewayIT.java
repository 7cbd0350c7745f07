package io.millrace.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The HTTPS port with real clients: the AWS SDK for Java v2's sync client (HTTP/1.1) and its async Netty client
 * (HTTP/2 chosen by ALPN), the JDK's HttpClient, and bare TLS sockets for what ALPN answers; certificates from the
 * local CA, and certificate files replaced while the gateway runs.
 */
class TlsGatewayIT {

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theSdkSyncAndAsyncClientsCallAnApiOverHttpsWithTheLocalCa() throws Exception {
        gateway =
                start(Map.of(GatewayConfig.TLS_LOCAL_CA_DIR, dir.resolve("tls").toString()));
        Path caPem = gateway.localCa().orElseThrow().caCertificate();
        TrustManager[] trustManagers = {trustManager(caPem)};
        TlsTrustManagersProvider trust = () -> trustManagers;
        URI endpoint = URI.create("https://127.0.0.1:" + gateway.tlsPort());

        try (KinesisClient sync = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(trust)
                        .build())
                .build()) {
            assertThat(sync.listStreams().streamNames()).containsExactly("over-tls");
        }
        // The async client's defaults, as Kinesis applications use it: HTTP/2, its preface sent right after the
        // handshake without ALPN (ASSUME_PROTOCOL); then with ALPN, where the server must choose h2 or it fails.
        for (ProtocolNegotiation negotiation : ProtocolNegotiation.values()) {
            try (KinesisAsyncClient async = KinesisAsyncClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                            .tlsTrustManagersProvider(trust)
                            .protocol(Protocol.HTTP2)
                            .protocolNegotiation(negotiation))
                    .build()) {
                assertThat(async.listStreams().get().streamNames())
                        .as(negotiation.name())
                        .containsExactly("over-tls");
            }
        }
        // The plain port still serves, unchanged.
        assertThat(gateway.port()).isPositive();
        assertThat(plainGet(gateway.port(), "/metrics")).startsWith("HTTP/1.1 200");
    }

    @Test
    void alpnChoosesH2WhenOfferedAndHttp11Otherwise() throws Exception {
        gateway =
                start(Map.of(GatewayConfig.TLS_LOCAL_CA_DIR, dir.resolve("tls").toString()));
        SSLContext client = clientContext(gateway.localCa().orElseThrow().caCertificate());

        assertThat(negotiate(client, "h2", "http/1.1")).isEqualTo("h2");
        assertThat(negotiate(client, "http/1.1")).isEqualTo("http/1.1");
        assertThat(negotiate(client)).isEmpty();

        HttpClient.Builder http = HttpClient.newBuilder().sslContext(client);
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.tlsPort() + "/metrics"))
                .build();
        HttpResponse<String> h2 =
                http.version(HttpClient.Version.HTTP_2).build().send(metrics, HttpResponse.BodyHandlers.ofString());
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.statusCode()).isEqualTo(200);
        HttpResponse<String> h1 =
                http.version(HttpClient.Version.HTTP_1_1).build().send(metrics, HttpResponse.BodyHandlers.ofString());
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(h1.statusCode()).isEqualTo(200);
    }

    @Test
    void tls11AndUntrustingClientsAreRefusedWhileOthersGoOnBeingServed() throws Exception {
        gateway =
                start(Map.of(GatewayConfig.TLS_LOCAL_CA_DIR, dir.resolve("tls").toString()));
        SSLContext client = clientContext(gateway.localCa().orElseThrow().caCertificate());

        assertThatThrownBy(() -> {
                    try (SSLSocket socket =
                            (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", gateway.tlsPort())) {
                        socket.setEnabledProtocols(new String[] {"TLSv1.1"});
                        socket.startHandshake();
                    }
                })
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> negotiate(SSLContext.getDefault(), "h2")).isInstanceOf(SSLHandshakeException.class);
        // Plain HTTP to the TLS port: the connection ends, no answer in clear.
        assertThat(plainGet(gateway.tlsPort(), "/metrics")).doesNotContain("200");

        assertThat(negotiate(client, "h2", "http/1.1")).isEqualTo("h2");
    }

    @Test
    void replacedCertificateFilesServeNewConnectionsAndAHalfReplacedPairIsRefused() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        LocalCertificateAuthority first = authority("first");
        LocalCertificateAuthority second = authority("second");
        copy(first, files);
        gateway = start(Map.of(
                GatewayConfig.TLS_CERT_FILE,
                files.resolve("cert.pem").toString(),
                GatewayConfig.TLS_KEY_FILE,
                files.resolve("key.pem").toString(),
                GatewayConfig.PORT,
                "-1"));
        assertThat(gateway.port()).isEqualTo(-1);
        assertThat(gateway.localCa()).isEmpty();
        BigInteger firstSerial = serialServed(first.caCertificate());

        // Only the certificate replaced, as a copy between two writes would leave it: refused, the old pair serves.
        Files.copy(second.serverCertificate(), files.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        gateway.tls().orElseThrow().reloading().check();
        assertThat(serialServed(first.caCertificate())).isEqualTo(firstSerial);

        Files.copy(second.serverKey(), files.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        gateway.tls().orElseThrow().reloading().check();
        BigInteger secondSerial = serialServed(second.caCertificate());
        assertThat(secondSerial)
                .isNotEqualTo(firstSerial)
                .isEqualTo(
                        KeyMaterial.readChain(second.serverCertificate()).get(0).getSerialNumber());
    }

    @Test
    void settingsThatCannotServeAreRefusedAtStart() {
        assertThatThrownBy(() -> start(Map.of(GatewayConfig.PORT, "-1", GatewayConfig.TLS_PORT, "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both off");
        assertThatThrownBy(() -> start(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GatewayConfig.TLS_LOCAL_CA_DIR);
        assertThatThrownBy(() -> start(Map.of(GatewayConfig.TLS_CERT_FILE, "/nowhere/cert.pem")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> start(Map.of(
                        GatewayConfig.TLS_CERT_FILE,
                        "/nowhere/cert.pem",
                        GatewayConfig.TLS_KEY_FILE,
                        "/nowhere/key.pem")))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("/nowhere/cert.pem");
    }

    private Gateway start(Map<String, String> overrides) throws InterruptedException {
        Map<String, String> props = new HashMap<>(Map.of(
                GatewayConfig.BOOTSTRAP_SERVERS,
                "127.0.0.1:9",
                GatewayConfig.PORT,
                "0",
                GatewayConfig.TLS_PORT,
                "0",
                GatewayConfig.IO_THREADS,
                "2"));
        props.putAll(overrides);
        return Gateway.start(new GatewayConfig(props), List.of(new ListStreamsOnly()));
    }

    private LocalCertificateAuthority authority(String name) throws IOException {
        LocalCertificateAuthority ca =
                new LocalCertificateAuthority(dir.resolve(name), List.of("localhost", "127.0.0.1"), Clock.systemUTC());
        ca.ensure();
        return ca;
    }

    private static void copy(LocalCertificateAuthority ca, Path files) throws IOException {
        Files.copy(ca.serverCertificate(), files.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ca.serverKey(), files.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
    }

    private BigInteger serialServed(Path caPem) throws Exception {
        try (SSLSocket socket =
                (SSLSocket) clientContext(caPem).getSocketFactory().createSocket("127.0.0.1", gateway.tlsPort())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private String negotiate(SSLContext context, String... protocols) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", gateway.tlsPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(protocols);
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            String chosen = socket.getApplicationProtocol();
            if (!"h2".equals(chosen)) {
                // HTTP/1.1 on this connection: a request is answered.
                OutputStream out = socket.getOutputStream();
                out.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200");
            }
            return chosen;
        }
    }

    private static String plainGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                return "";
            }
        }
    }

    static X509TrustManager trustManager(Path caPem) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", KeyMaterial.readChain(caPem).get(0));
        javax.net.ssl.TrustManagerFactory factory =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static SSLContext clientContext(Path caPem) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager(caPem)}, new SecureRandom());
        return context;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret"));
    }

    /** One API with one action: enough to see an SDK client's request answered. */
    private static final class ListStreamsOnly implements GatewayService {
        @Override
        public List<AwsService> apis() {
            return List.of(ActionRegistry.forService("Kinesis_20131202", "kinesis")
                    .onIoThread("ListStreams", request -> {
                        ObjectNode answer = JsonNodeFactory.instance.objectNode();
                        answer.putArray("StreamNames").add("over-tls");
                        answer.put("HasMoreStreams", false);
                        return answer;
                    })
                    .build());
        }

        @Override
        public void close() {}
    }
}
