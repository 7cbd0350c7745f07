package io.millrace.kinesis.crypto;

import io.millrace.kinesis.model.sse.KeyService;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * How a reader outside the gateway reaches the key service of encrypted streams: the platform's KMS API endpoint
 * and the credentials to call Decrypt with. The same keys configure the {@link DecryptingDeserializer} (as consumer
 * properties), the Flink connector and the Firehose sink.
 */
public final class KinesisCryptoConfig extends AbstractConfig {

    public static final String KMS_ENDPOINT = "millrace.sse.kms.endpoint";
    public static final String KMS_REGION = "millrace.sse.kms.region";
    public static final String KMS_ACCESS_KEY_ID = "millrace.sse.kms.access-key-id";
    public static final String KMS_SECRET_ACCESS_KEY = "millrace.sse.kms.secret-access-key";
    public static final String DATA_KEY_PERIOD_MS = "millrace.sse.data-key-period-ms";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    KMS_ENDPOINT,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "URL of the KMS API (the gateway's, for example http://127.0.0.1:4566) that opens the data keys"
                            + " of encrypted records")
            .define(KMS_REGION, Type.STRING, "us-east-1", Importance.MEDIUM, "Region the KMS calls are signed for")
            .define(
                    KMS_ACCESS_KEY_ID,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Access key id of a principal allowed kms:Decrypt on the streams' keys; empty takes the AWS SDK's"
                            + " default credentials (environment, profile)")
            .define(
                    KMS_SECRET_ACCESS_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.MEDIUM,
                    "Secret access key that goes with " + KMS_ACCESS_KEY_ID)
            .define(
                    DATA_KEY_PERIOD_MS,
                    Type.LONG,
                    300_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "How long a data key opened with KMS Decrypt is kept before it is asked for again (a disabled"
                            + " key stops reads within this period)");

    public KinesisCryptoConfig(Map<?, ?> props) {
        super(DEFINITION, props, false);
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    /**
     * A cipher over {@code keys} keeping each data key for {@value #DATA_KEY_PERIOD_MS} milliseconds, at most
     * {@code maxKeys} of them: what readers and writers outside the gateway encrypt and decrypt records with.
     */
    public StreamCipher cipher(KeyService keys, int maxKeys) {
        return new StreamCipher(keys, Duration.ofMillis(getLong(DATA_KEY_PERIOD_MS)), maxKeys, System::nanoTime);
    }

    /** The secret, or empty. */
    public String secretAccessKey() {
        Password password = getPassword(KMS_SECRET_ACCESS_KEY);
        return password == null ? "" : password.value();
    }
}
