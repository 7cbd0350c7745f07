package io.millrace.kms;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Every key of the KMS API on the gateway. */
public final class KmsConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.kms.topic";
    public static final String ROOT_KEY = "millrace.kms.root-key";
    public static final String HOUSEKEEPING_INTERVAL_MS = "millrace.kms.housekeeping-interval-ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_kms",
                    Importance.LOW,
                    "Compacted one-partition topic holding every key (its material wrapped by the root key) and"
                            + " alias, shared by every gateway.")
            .define(
                    ROOT_KEY,
                    Type.PASSWORD,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "Base64 of 32 random bytes (openssl rand -base64 32), the same on every gateway and never"
                            + " stored in Kafka: wraps (AES-256-GCM) the material of every key in the topic. Losing"
                            + " it loses every key, and everything encrypted under them.")
            .define(
                    HOUSEKEEPING_INTERVAL_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(100),
                    Importance.LOW,
                    "How often a gateway deletes the keys whose scheduled deletion is due, rotates the keys whose"
                            + " automatic rotation is due, and re-publishes records whose last write lost a"
                            + " compare-and-set.");

    public KmsConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public String rootKey() {
        return getPassword(ROOT_KEY).value();
    }
}
