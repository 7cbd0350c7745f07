package io.millrace.launcher.up;

import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.kinesis.config.KinesisConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code millrace up}, exactly as typed: a field stays null when its option was not given, so the
 * configuration file can fill it before the defaults do.
 */
public final class UpOptions {

    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_EXTERNAL_PORT = 9094;
    public static final String KAFKA_CLIENT_FILE = "kafka-client.properties";
    /** AWS shared credentials file of the exposed S3 store's platform identity (profile millrace-s3). */
    public static final String S3_CREDENTIALS_FILE = "s3-credentials";

    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_CONNECT_PORT = 8083;
    public static final int DEFAULT_FLINK_PORT = 8081;
    public static final int DEFAULT_TLS_PORT = 4443;
    public static final String TLS_DIR = "tls";

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory of the platform's data; the embedded Kafka keeps its log in DIR/kafka."
                    + " Default: " + DEFAULT_DATA_DIR)
    Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "N|off",
            converter = PortOrOffConverter.class,
            description = "HTTP port of the gateway, which serves every API (key " + GatewayConfig.PORT + ")."
                    + " Default: 4567; 0 picks a free port; off serves HTTPS only.")
    Integer port;

    @Option(
            names = "--tls-port",
            paramLabel = "N|off",
            converter = PortOrOffConverter.class,
            description = "HTTPS port of the gateway: every API over TLS 1.2/1.3, HTTP/2 or HTTP/1.1 by ALPN (key "
                    + GatewayConfig.TLS_PORT + "). Default: " + DEFAULT_TLS_PORT + "; 0 picks a free port; off"
                    + " serves plain HTTP only.")
    Integer tlsPort;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM file of the HTTPS certificate and its chain, with --tls-key; read again when it"
                    + " changes. Default: a certificate of a local CA made in DIR/" + TLS_DIR + " (clients trust"
                    + " DIR/" + TLS_DIR + "/ca.pem, named in the ready line).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM file of the private key of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--kafka-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "Port of the embedded Kafka broker (always on 127.0.0.1), for plain Kafka"
                    + " clients and Flink. Default: "
                    + DEFAULT_KAFKA_PORT + "; 0 picks a free port.")
    Integer kafkaPort;

    @Option(
            names = "--controller-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "Port of the embedded broker's KRaft controller, always on 127.0.0.1."
                    + " Default: the Kafka port + 1 (a free port when --kafka-port is 0).")
    Integer controllerPort;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description = "Address the gateway binds to (key " + GatewayConfig.BIND + "). Default: 127.0.0.1;"
                    + " 0.0.0.0 accepts remote clients (the gateway then runs in signed mode). Kafka, S3, Connect"
                    + " and Flink stay on 127.0.0.1 unless --expose names them.")
    String bind;

    @Option(
            names = "--auth",
            paramLabel = "open|signed",
            converter = AuthModeConverter.class,
            description = "open: any signature or none, every caller may do everything (for a laptop); signed: every"
                    + " request signed by a known key and allowed by IAM policies (key " + GatewayConfig.AUTH_MODE
                    + "). Default: signed when --bind is not a loopback address, else open.")
    String auth;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description = "JSON file of IAM users with their access keys, roles and policies, created at start when"
                    + " missing (key " + IamConfig.CREDENTIALS_FILE + "; format in iam-api/README.md).")
    Path credentials;

    @Option(
            names = "--expose",
            paramLabel = "SERVICE",
            split = ",",
            converter = ExposedServiceConverter.class,
            description = "Embedded services that listen on the --bind address too, for clients on other hosts:"
                    + " kafka (SASL/SCRAM-SHA-512 on --kafka-external-port, credentials made in DIR/"
                    + KAFKA_CLIENT_FILE + "), s3 (signed requests of the platform's identity in DIR/"
                    + S3_CREDENTIALS_FILE
                    + " or the configured millrace.s3.access-key-id and secret, and of IAM users' keys and STS"
                    + " sessions, authorized by their policies), connect, flink. Connect and Flink"
                    + " check nobody: give them their own authentication (a firewall, a proxy) before exposing them."
                    + " Default: none, every one on 127.0.0.1.")
    List<ExposedService> expose;

    @Option(
            names = "--kafka-external-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "Port of the SASL/SCRAM listener of --expose kafka. Default: " + DEFAULT_KAFKA_EXTERNAL_PORT
                    + "; 0 picks a free port.")
    Integer kafkaExternalPort;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOSTS",
            description = "Use this Kafka cluster (host:port,...) instead of starting the embedded broker (key "
                    + GatewayConfig.BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(
            names = "--shard-limits",
            paramLabel = "aws|off",
            converter = ShardLimitsConverter.class,
            description = "aws: enforce Kinesis per-shard throughput limits with ProvisionedThroughputExceeded"
                    + "Exception; off: no limits, for raw speed (key " + KinesisConfig.SHARD_LIMITS + ")."
                    + " Default: aws.")
    String shardLimits;

    @Option(
            names = "--s3-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "Port of the embedded S3-compatible store (S3Proxy, buckets under DIR/s3). Default: "
                    + DEFAULT_S3_PORT + "; 0 picks a free port.")
    Integer s3Port;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "Deliver Firehose data to this S3 endpoint (real S3: https://s3.<region>.amazonaws.com, or"
                    + " another S3-compatible store) instead of starting the embedded one.")
    String s3Endpoint;

    @Option(
            names = "--connect-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "REST port of the embedded Kafka Connect worker that runs delivery streams. Default: "
                    + DEFAULT_CONNECT_PORT + "; 0 picks a free port.")
    Integer connectPort;

    @Option(
            names = "--connect-url",
            paramLabel = "URL",
            description = "Run delivery streams on this Kafka Connect cluster (its REST URL; the firehose plugin must"
                    + " be installed there) instead of starting the embedded worker.")
    String connectUrl;

    @Option(
            names = "--flink-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "REST port of the embedded Flink mini-cluster that runs applications. Default: "
                    + DEFAULT_FLINK_PORT + "; 0 picks a free port.")
    Integer flinkPort;

    @Option(
            names = "--flink-rest-url",
            paramLabel = "URL",
            description = "Run applications on this Flink cluster (its JobManager REST URL) instead of starting the"
                    + " embedded mini-cluster; set millrace.analytics.savepoint-dir to a path the cluster shares.")
    String flinkRestUrl;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file of settings (" + GatewayConfig.BOOTSTRAP_SERVERS + ", millrace.gateway.*,"
                    + " millrace.kinesis.*, millrace.firehose.*, millrace.analytics.*, millrace.s3.*, and kafka.*"
                    + " passed to the Kafka clients). Options on the command line override it.")
    Path config;

    /** Ports are validated on the command line so that a typo is a usage error, not a failure to bind. */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below, in the same words as an out-of-range number
            }
            throw new TypeConversionException("'" + value + "' is not a port number (0 to 65535)");
        }
    }

    /** A port, or {@code off} for none (the configuration's -1). */
    static final class PortOrOffConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if ("off".equals(value)) {
                return GatewayConfig.PORT_OFF;
            }
            try {
                return new PortConverter().convert(value);
            } catch (TypeConversionException e) {
                throw new TypeConversionException(e.getMessage().replace(")", ") nor off"));
            }
        }
    }

    static final class ExposedServiceConverter implements ITypeConverter<ExposedService> {
        @Override
        public ExposedService convert(String value) {
            try {
                return ExposedService.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AuthModeConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.equals("open") || value.equals("signed")) {
                return value;
            }
            throw new TypeConversionException("'" + value + "' is neither open nor signed");
        }
    }

    static final class ShardLimitsConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.equals(KinesisConfig.LIMITS_AWS) || value.equals(KinesisConfig.LIMITS_OFF)) {
                return value;
            }
            throw new TypeConversionException(
                    "'" + value + "' is neither " + KinesisConfig.LIMITS_AWS + " nor " + KinesisConfig.LIMITS_OFF);
        }
    }
}
