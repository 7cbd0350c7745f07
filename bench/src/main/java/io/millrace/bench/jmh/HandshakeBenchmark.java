package io.millrace.bench.jmh;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a new connection costs a client of the gateway: TCP connect, then for HTTPS the TLS handshake (a full one with
 * a fresh client context, or a resumed one with a shared context, as a pooled SDK client does after its first
 * connection), then {@code GET /health} answered and the connection closed. The difference between {@code http} and
 * {@code https_full} is the handshake's price on this machine, client and server included (both run in this JVM,
 * over loopback, with the gateway's own local CA certificate, an EC P-256 key).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBenchmark {

    private static final byte[] REQUEST = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Param({"http", "https_full", "https_resumed"})
    public String connection;

    private Path caDir;
    private Gateway gateway;
    private TrustManager[] trust;
    private SSLContext shared;

    @Setup(Level.Trial)
    public void start() throws Exception {
        caDir = Files.createTempDirectory("millrace-handshake-bench");
        gateway = Gateway.start(
                new GatewayConfig(Map.of(
                        GatewayConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9", // no service here talks to Kafka
                        GatewayConfig.PORT, "0",
                        GatewayConfig.TLS_PORT, "0",
                        GatewayConfig.TLS_LOCAL_CA_DIR, caDir.toString())),
                List.of());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in =
                Files.newInputStream(gateway.localCa().orElseThrow().trustStore())) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        trust = factory.getTrustManagers();
        shared = context();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        gateway.close();
        try (var files = Files.walk(caDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public int connectAndAsk() throws Exception {
        return switch (connection) {
            case "http" -> ask(new Socket("127.0.0.1", gateway.port()));
            case "https_full" -> ask(tls(context()));
            case "https_resumed" -> ask(tls(shared));
            default -> throw new IllegalStateException(connection);
        };
    }

    private Socket tls(SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.tlsPort()));
        socket.setUseClientMode(true);
        socket.setSSLParameters(httpOne(socket));
        socket.startHandshake();
        return socket;
    }

    private static javax.net.ssl.SSLParameters httpOne(SSLSocket socket) {
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        return parameters;
    }

    /** Sends the request and reads the answer to its end (the server closes): the bytes read, for JMH to consume. */
    private static int ask(Socket socket) throws IOException {
        try (socket) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int total = 0;
            for (int read; (read = in.read(buffer)) > 0; ) {
                total += read;
            }
            if (total == 0) {
                throw new IOException("no answer");
            }
            return total;
        }
    }

    private SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
