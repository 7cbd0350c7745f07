package io.millrace.gateway;

import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.http.GatewayServer;
import io.millrace.gateway.http.InProcessCalls;
import io.millrace.gateway.http.TlsListener;
import io.millrace.gateway.metrics.KafkaClientMetrics;
import io.millrace.gateway.metrics.ProcessMetrics;
import io.millrace.gateway.metrics.PrometheusText;
import io.millrace.gateway.metrics.RequestMetrics;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.route.HttpRoute;
import io.millrace.gateway.tls.GatewayTls;
import io.millrace.gateway.tls.LocalCertificateAuthority;
import io.millrace.gateway.tls.ReloadingSslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint of a Millrace process: every hosted service's APIs on one port (and on an HTTPS port when
 * configured), behind one SigV4 check, and their series on {@code GET /metrics}, in the order the services are given.
 * It keeps no state of its own (the services keep theirs in Kafka), so any number of gateways serve one cluster side
 * by side. Closing it stops taking requests; the services it hosts are closed by whoever started them.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayServer server;
    private final Optional<GatewayTls> tls;

    private Gateway(GatewayServer server, Optional<GatewayTls> tls) {
        this.server = server;
        this.tls = tls;
    }

    /**
     * Listens on the configured address and ports (plain HTTP, HTTPS, or both), and returns once requests are
     * answered. Fails with an {@link UncheckedIOException} when the TLS certificate cannot be read or made.
     */
    public static Gateway start(GatewayConfig config, List<? extends GatewayService> services)
            throws InterruptedException {
        return start(config, services, AccessControl.ROOT_KEYS_ONLY);
    }

    /**
     * As {@link #start(GatewayConfig, List)}, with the keys and policies of signed mode ({@code access}); the root
     * keys of {@link GatewayConfig#CREDENTIALS} are known besides {@code access}'s keys, and may do everything.
     */
    public static Gateway start(GatewayConfig config, List<? extends GatewayService> services, AccessControl access)
            throws InterruptedException {
        return start(config, services, access, AuditTrail.NONE);
    }

    /**
     * As {@link #start(GatewayConfig, List, AccessControl)}, recording every call in {@code audit} before answering
     * it.
     */
    public static Gateway start(
            GatewayConfig config, List<? extends GatewayService> services, AccessControl access, AuditTrail audit)
            throws InterruptedException {
        List<AwsService> apis = new ArrayList<>();
        for (GatewayService service : services) {
            apis.addAll(service.apis());
        }
        AuthMode mode = config.authMode();
        int ioThreads = config.getInt(GatewayConfig.IO_THREADS);
        int port = config.getInt(GatewayConfig.PORT);
        Optional<GatewayTls> tls = startTls(config);
        if (port == GatewayConfig.PORT_OFF && tls.isEmpty()) {
            throw new ConfigException(GatewayConfig.PORT + " and " + GatewayConfig.TLS_PORT
                    + " are both off: the gateway would serve nothing");
        }
        Authorizer authorizer = mode == AuthMode.OPEN ? Authorizer.ALLOW_ALL : rootAllowed(access.authorizer());
        KeyDirectory keys = keys(config, access, services);
        RequestMetrics requests = new RequestMetrics();
        ProcessMetrics process = new ProcessMetrics();
        KafkaClientMetrics kafka = new KafkaClientMetrics();
        Supplier<String> metrics = () -> metricsText(process, kafka, requests, apis);
        InProcessCalls calls = new InProcessCalls(
                apis,
                mode,
                keys,
                authorizer,
                config.getString(GatewayConfig.ACCOUNT_ID),
                config.getString(GatewayConfig.REGION),
                metrics,
                audit);
        List<HttpRoute> routes = new ArrayList<>();
        for (GatewayService service : services) {
            service.connect(calls);
            routes.addAll(service.routes(calls));
        }
        GatewayServer server;
        try {
            server = new GatewayServer(
                    config.getString(GatewayConfig.BIND),
                    port,
                    tls.map(t -> new TlsListener(t.port(), t.context())).orElse(null),
                    ioThreads == 0 ? Runtime.getRuntime().availableProcessors() * 2 : ioThreads,
                    apis,
                    verifier(config, keys),
                    authorizer,
                    new WireCodec(),
                    config.getString(GatewayConfig.REGION),
                    config.getString(GatewayConfig.ACCOUNT_ID),
                    metrics,
                    requests,
                    routes,
                    audit);
        } catch (RuntimeException | InterruptedException e) {
            tls.ifPresent(GatewayTls::close);
            throw e;
        }
        String bind = config.getString(GatewayConfig.BIND);
        List<String> listeners = new ArrayList<>();
        if (server.port() >= 0) {
            listeners.add("http://" + bind + ":" + server.port());
        }
        tls.ifPresent(t -> listeners.add("https://" + bind + ":" + server.tlsPort() + " (h2, http/1.1; "
                + ReloadingSslContext.describe(t.reloading().material()) + ")"));
        LOG.info(
                "Gateway listening on {} ({}); {} mode",
                String.join(" and ", listeners),
                apis.stream().map(AwsService::targetPrefix).collect(Collectors.joining(", ")),
                mode.configValue());
        return new Gateway(server, tls);
    }

    private static Optional<GatewayTls> startTls(GatewayConfig config) {
        try {
            return GatewayTls.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("TLS certificate: " + e.getMessage(), e);
        }
    }

    /** {@code GET /metrics}: the process's, its Kafka clients', the requests', then each API's series. */
    private static String metricsText(
            ProcessMetrics process, KafkaClientMetrics kafka, RequestMetrics requests, List<AwsService> apis) {
        StringBuilder out = new StringBuilder(16 * 1024);
        PrometheusText text = new PrometheusText(out);
        process.render(text);
        kafka.render(text);
        requests.render(text);
        apis.forEach(api -> out.append(api.metricsText()));
        return out.toString();
    }

    private static SigV4Verifier verifier(GatewayConfig config, KeyDirectory keys) {
        Principal root = Principal.root(config.getString(GatewayConfig.ACCOUNT_ID));
        return new SigV4Verifier(config.authMode(), keys, root, Clock.systemUTC());
    }

    /** The root keys of {@link GatewayConfig#CREDENTIALS}, then {@code access}'s, then the services' own. */
    private static KeyDirectory keys(
            GatewayConfig config, AccessControl access, List<? extends GatewayService> services) {
        Principal root = Principal.root(config.getString(GatewayConfig.ACCOUNT_ID));
        Map<String, String> rootKeys = credentials(config);
        KeyDirectory configured = (accessKeyId, sessionToken) -> Optional.ofNullable(rootKeys.get(accessKeyId))
                .map(secret -> SigningCredential.longTerm(accessKeyId, secret, root));
        List<KeyDirectory> directories = new ArrayList<>(List.of(configured, access.keys()));
        services.forEach(service -> directories.add(service.keys()));
        return KeyDirectory.firstOf(directories);
    }

    /** The account's root may do everything in its account, whatever the policies say, as on AWS. */
    private static Authorizer rootAllowed(Authorizer policies) {
        return (principal, context, request) -> principal.type() == Principal.Type.ROOT
                ? Decision.ALLOW
                : policies.authorize(principal, context, request);
    }

    /** ACCESS_KEY:SECRET pairs; the secret may itself contain colons, the access key may not. */
    static Map<String, String> credentials(GatewayConfig config) {
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String pair : config.getList(GatewayConfig.CREDENTIALS)) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException(
                        GatewayConfig.CREDENTIALS + " takes ACCESS_KEY:SECRET pairs, got an entry without both parts");
            }
            credentials.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return credentials;
    }

    /** The plain HTTP port (the bound one when the configuration asked for 0), or -1 when it is off. */
    public int port() {
        return server.port();
    }

    /** The HTTPS port (the bound one when the configuration asked for 0), or -1 when it is off. */
    public int tlsPort() {
        return server.tlsPort();
    }

    /** The local CA whose {@code ca.pem} clients must trust, when the gateway made its own certificate. */
    public Optional<LocalCertificateAuthority> localCa() {
        return tls.flatMap(GatewayTls::localCa);
    }

    /** The TLS side, for a test to force a check of the certificate files without waiting. */
    public Optional<GatewayTls> tls() {
        return tls;
    }

    @Override
    public void close() {
        server.close();
        tls.ifPresent(GatewayTls::close);
        LOG.info("Gateway stopped");
    }
}
