package io.millrace.gateway.tls;

import io.millrace.gateway.config.GatewayConfig;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The HTTPS side of a gateway, from its configuration: the certificate files given, or else those of a local CA
 * kept in {@link GatewayConfig#TLS_LOCAL_CA_DIR}, read again whenever they change.
 */
public final class GatewayTls implements AutoCloseable {

    private final int port;
    private final ReloadingSslContext context;
    private final LocalCertificateAuthority localCa;

    private GatewayTls(int port, ReloadingSslContext context, LocalCertificateAuthority localCa) {
        this.port = port;
        this.context = context;
        this.localCa = localCa;
    }

    /** Empty when the TLS port is off; fails on settings that cannot serve (no certificate, half a pair). */
    public static Optional<GatewayTls> start(GatewayConfig config) throws IOException {
        int port = config.getInt(GatewayConfig.TLS_PORT);
        if (port == GatewayConfig.PORT_OFF) {
            return Optional.empty();
        }
        String cert = config.getString(GatewayConfig.TLS_CERT_FILE).trim();
        String key = config.getString(GatewayConfig.TLS_KEY_FILE).trim();
        Password password = config.getPassword(GatewayConfig.TLS_KEY_PASSWORD);
        Duration interval = Duration.ofMillis(config.getLong(GatewayConfig.TLS_RELOAD_CHECK_MS));
        if (cert.isEmpty() != key.isEmpty()) {
            throw new ConfigException(GatewayConfig.TLS_CERT_FILE + " and " + GatewayConfig.TLS_KEY_FILE
                    + " go together: give both, or neither for a local CA");
        }
        if (!cert.isEmpty()) {
            ReloadingSslContext context = ReloadingSslContext.start(
                    Path.of(cert), Path.of(key), password == null ? null : password.value(), interval, () -> {});
            return Optional.of(new GatewayTls(port, context, null));
        }
        String dir = config.getString(GatewayConfig.TLS_LOCAL_CA_DIR).trim();
        if (dir.isEmpty()) {
            throw new ConfigException(GatewayConfig.TLS_PORT + " serves HTTPS: give " + GatewayConfig.TLS_CERT_FILE
                    + " and " + GatewayConfig.TLS_KEY_FILE + ", or " + GatewayConfig.TLS_LOCAL_CA_DIR
                    + " for a local CA");
        }
        LocalCertificateAuthority ca = new LocalCertificateAuthority(
                Path.of(dir),
                LocalCertificateAuthority.defaultNames(
                        config.getString(GatewayConfig.BIND), config.getList(GatewayConfig.TLS_LOCAL_CA_NAMES)),
                Clock.systemUTC());
        ca.ensure();
        // Each check renews a server certificate near its end, for a gateway that runs longer than a year.
        ReloadingSslContext context =
                ReloadingSslContext.start(ca.serverCertificate(), ca.serverKey(), null, interval, ca::ensure);
        return Optional.of(new GatewayTls(port, context, ca));
    }

    /** The configured port (0 until bound means a free one). */
    public int port() {
        return port;
    }

    public Supplier<SslContext> context() {
        return context;
    }

    public ReloadingSslContext reloading() {
        return context;
    }

    /** The local CA, when the gateway made its own certificate. */
    public Optional<LocalCertificateAuthority> localCa() {
        return Optional.ofNullable(localCa);
    }

    @Override
    public void close() {
        context.close();
    }
}
