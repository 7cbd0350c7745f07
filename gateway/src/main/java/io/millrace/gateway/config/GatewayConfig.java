package io.millrace.gateway.config;

import io.millrace.gateway.access.AuthMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings every API on the gateway shares: where it listens, whose signatures it accepts, the region and
 * account of its ARNs, and the Kafka cluster every service keeps its state in. Keys prefixed with {@code kafka.} are
 * handed to the Kafka clients unchanged (minus the prefix), so security settings of a real cluster need no code.
 * A service whose settings travel with these extends this class with a definition from {@link #definition()}.
 */
public class GatewayConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String PORT = "millrace.gateway.port";
    public static final String BIND = "millrace.gateway.bind";
    public static final String CREDENTIALS = "millrace.gateway.credentials";
    public static final String REGION = "millrace.gateway.region";
    public static final String AUTH_MODE = "millrace.gateway.auth.mode";
    public static final String ACCOUNT_ID = "millrace.gateway.account-id";
    public static final String IO_THREADS = "millrace.gateway.io-threads";
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";
    public static final String TLS_PORT = "millrace.gateway.tls.port";
    public static final String TLS_CERT_FILE = "millrace.gateway.tls.cert-file";
    public static final String TLS_KEY_FILE = "millrace.gateway.tls.key-file";
    public static final String TLS_KEY_PASSWORD = "millrace.gateway.tls.key-password";
    public static final String TLS_LOCAL_CA_DIR = "millrace.gateway.tls.local-ca-dir";
    public static final String TLS_LOCAL_CA_NAMES = "millrace.gateway.tls.local-ca-names";
    public static final String TLS_RELOAD_CHECK_MS = "millrace.gateway.tls.reload-check-ms";
    /** A port key set to this turns that listener off. */
    public static final int PORT_OFF = -1;

    /** These settings were the Kinesis endpoint's while it was the only API. */
    public static final DeprecatedKeys DEPRECATED_KEYS = DeprecatedKeys.of(
            "millrace.kinesis.port", PORT,
            "millrace.kinesis.bind", BIND,
            "millrace.kinesis.credentials", CREDENTIALS,
            "millrace.kinesis.region", REGION,
            "millrace.kinesis.account-id", ACCOUNT_ID,
            "millrace.kinesis.io-threads", IO_THREADS);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    BOOTSTRAP_SERVERS,
                    Type.LIST,
                    Importance.HIGH,
                    "Kafka cluster that stores every stream and every service's state (host:port,...)")
            .define(
                    PORT,
                    Type.INT,
                    4567,
                    Range.between(PORT_OFF, 65535),
                    Importance.HIGH,
                    "HTTP port of the gateway, shared by every API; 0 picks a free port, -1 serves no plain HTTP"
                            + " (TLS only)")
            .define(
                    BIND,
                    Type.STRING,
                    "127.0.0.1",
                    Importance.HIGH,
                    "Address the gateway listens on; 0.0.0.0 to accept remote clients")
            .define(
                    REGION,
                    Type.STRING,
                    "us-east-1",
                    Importance.MEDIUM,
                    "Region in ARNs when a request's signature names none")
            .define(ACCOUNT_ID, Type.STRING, "000000000000", Importance.LOW, "12-digit account id in ARNs")
            .define(
                    CREDENTIALS,
                    Type.LIST,
                    List.of(),
                    Importance.MEDIUM,
                    "ACCESS_KEY:SECRET pairs of the account's root: keys whose requests may do everything in signed"
                            + " mode")
            .define(
                    AUTH_MODE,
                    Type.STRING,
                    "",
                    ConfigDef.ValidString.in("", "open", "signed"),
                    Importance.HIGH,
                    "open: any signature or none, every caller may do everything (for a laptop); signed: every request"
                            + " signed by a known key and authorized by IAM policies. Empty: signed when the gateway"
                            + " binds to an address other than loopback or " + CREDENTIALS + " is set, else open")
            .define(
                    IO_THREADS,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.LOW,
                    "Netty event-loop threads; 0 picks twice the cores")
            .define(
                    TLS_PORT,
                    Type.INT,
                    PORT_OFF,
                    Range.between(PORT_OFF, 65535),
                    Importance.HIGH,
                    "HTTPS port of the gateway (TLS 1.2 and 1.3, ALPN h2 and http/1.1), serving every API as the"
                            + " HTTP port does; 0 picks a free port, -1 serves no HTTPS")
            .define(
                    TLS_CERT_FILE,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "PEM file of the server certificate followed by its chain; with " + TLS_KEY_FILE
                            + ". Read again when it changes, without a restart")
            .define(
                    TLS_KEY_FILE,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "PEM file of the certificate's private key (PKCS#8, or PKCS#1 and SEC1)")
            .define(
                    TLS_KEY_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Password of an encrypted private key file; none for a plain one")
            .define(
                    TLS_LOCAL_CA_DIR,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Without a certificate file: directory where a local CA (ca.pem, truststore.p12) and a server"
                            + " certificate it signs are made at first start and kept; the server certificate is"
                            + " made again when it nears its end or lacks a name")
            .define(
                    TLS_LOCAL_CA_NAMES,
                    Type.LIST,
                    List.of(),
                    Importance.LOW,
                    "Host names and addresses the local CA's server certificate names besides 127.0.0.1, ::1,"
                            + " localhost, this host's name and the bind address")
            .define(
                    TLS_RELOAD_CHECK_MS,
                    Type.LONG,
                    10_000L,
                    Range.atLeast(100),
                    Importance.LOW,
                    "How often the certificate and key files are checked for changes");

    /** The mode asked for, or the one the bind address and credentials imply. */
    public AuthMode authMode() {
        String configured = getString(AUTH_MODE);
        if (!configured.isEmpty()) {
            return AuthMode.parse(configured);
        }
        return !getList(CREDENTIALS).isEmpty() || !isLoopback(getString(BIND)) ? AuthMode.SIGNED : AuthMode.OPEN;
    }

    /** Loopback addresses and {@code localhost}; anything else (0.0.0.0, a LAN address, a host name) faces a network. */
    static boolean isLoopback(String bind) {
        String address = bind.trim();
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literals are resolved: a host name could be made to resolve to loopback, and resolving waits on DNS.
            boolean literal = address.matches("[0-9.]+") || address.contains(":");
            return literal && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public GatewayConfig(Map<String, ?> props) {
        this(DEFINITION, DEPRECATED_KEYS, props);
    }

    /**
     * For a service's config that carries the gateway's settings too.
     *
     * @param definition     {@link #definition()} with the service's keys added
     * @param deprecatedKeys the service's renamed keys, with {@link #DEPRECATED_KEYS}
     */
    protected GatewayConfig(ConfigDef definition, DeprecatedKeys deprecatedKeys, Map<String, ?> props) {
        super(definition, deprecatedKeys.rewrite(props), false);
    }

    /** A copy of the gateway's definition, for a service to add its keys to. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    /** Kafka client settings passed through with the {@code kafka.} prefix, plus the bootstrap servers. */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_CLIENT_PREFIX));
        props.put(BOOTSTRAP_SERVERS, String.join(",", bootstrapServers()));
        return props;
    }
}
