package io.millrace.gateway.config;

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
    public static final String ACCOUNT_ID = "millrace.gateway.account-id";
    public static final String IO_THREADS = "millrace.gateway.io-threads";
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";

    /** These settings were the Kinesis endpoint's while it was the only API. */
    public static final DeprecatedKeys DEPRECATED_KEYS = DeprecatedKeys.of(
            "millrace.kinesis.port", PORT,
            "millrace.kinesis.bind", BIND,
            "millrace.kinesis.credentials", CREDENTIALS,
            "millrace.kinesis.region", REGION,
            "millrace.kinesis.account-id", ACCOUNT_ID,
            "millrace.kinesis.io-threads", IO_THREADS);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, Importance.HIGH,
                    "Kafka cluster that stores every stream and every service's state (host:port,...)")
            .define(PORT, Type.INT, 4567, Range.between(0, 65535), Importance.HIGH,
                    "HTTP port of the gateway, shared by every API; 0 picks a free port")
            .define(BIND, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Address the gateway listens on; 0.0.0.0 to accept remote clients")
            .define(REGION, Type.STRING, "us-east-1", Importance.MEDIUM,
                    "Region in ARNs when a request's signature names none")
            .define(ACCOUNT_ID, Type.STRING, "000000000000", Importance.LOW, "12-digit account id in ARNs")
            .define(CREDENTIALS, Type.LIST, List.of(), Importance.MEDIUM,
                    "ACCESS_KEY:SECRET pairs whose SigV4 signatures are verified; empty accepts any signature")
            .define(IO_THREADS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Netty event-loop threads; 0 picks twice the cores");

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
