package io.millrace.iam;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Every key of the IAM and STS APIs on the gateway. */
public final class IamConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.iam.topic";
    public static final String SECRET_KEY = "millrace.iam.secret-key";
    public static final String CREDENTIALS_FILE = "millrace.iam.credentials-file";
    public static final String REPAIR_INTERVAL_MS = "millrace.iam.repair-interval-ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_iam",
                    Importance.LOW,
                    "Compacted one-partition topic holding every user, access key, role and managed policy, shared"
                            + " by every gateway.")
            .define(
                    SECRET_KEY,
                    Type.PASSWORD,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "Base64 of 32 random bytes (openssl rand -base64 32), the same on every gateway and never"
                            + " stored in Kafka: encrypts secret access keys at rest in the topic and seals the STS"
                            + " session tokens, so that any gateway with the key validates a session without a"
                            + " lookup. Changing it invalidates every stored secret and every session.")
            .define(
                    CREDENTIALS_FILE,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "JSON file of users (with their access keys), roles and policies to create at start if"
                            + " missing (see the module's README); empty: none.")
            .define(
                    REPAIR_INTERVAL_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(1000),
                    Importance.LOW,
                    "How often a gateway re-publishes records whose last write lost a compare-and-set, so that"
                            + " compaction keeps the winner.");

    public IamConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public String secretKey() {
        return getPassword(SECRET_KEY).value();
    }
}
