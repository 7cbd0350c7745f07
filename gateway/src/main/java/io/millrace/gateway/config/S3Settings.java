package io.millrace.gateway.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Millrace's one set of S3 settings: the store Firehose delivers to, application code is read from and Flink jobs
 * write {@code s3://} paths to. Flink reads the same keys through its own options (the analytics module's
 * {@code S3Options}).
 */
public final class S3Settings {

    public static final String ENDPOINT = "millrace.s3.endpoint";
    public static final String REGION = "millrace.s3.region";
    public static final String ACCESS_KEY_ID = "millrace.s3.access-key-id";
    public static final String SECRET_ACCESS_KEY = "millrace.s3.secret-access-key";
    public static final String PATH_STYLE_ACCESS = "millrace.s3.path-style-access";

    private S3Settings() {}

    /** Adds the S3 keys to a service's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(
                        ENDPOINT,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "S3-compatible endpoint URL, e.g. http://127.0.0.1:9000; empty for AWS S3")
                .define(REGION, Type.STRING, "us-east-1", Importance.LOW, "Region S3 requests are signed for")
                .define(
                        ACCESS_KEY_ID,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "S3 access key id; empty for the AWS SDK's default credential chain")
                .define(
                        SECRET_ACCESS_KEY,
                        Type.PASSWORD,
                        "",
                        Importance.MEDIUM,
                        "S3 secret access key, with " + ACCESS_KEY_ID)
                .define(
                        PATH_STYLE_ACCESS,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "Address buckets as endpoint/bucket instead of bucket.endpoint (S3Proxy, MinIO)");
    }

    /** The S3 settings of a config defined with {@link #define}; empty strings stand for "not set". */
    public static S3Connection read(AbstractConfig config) {
        Password secret = config.getPassword(SECRET_ACCESS_KEY);
        return new S3Connection(
                config.getString(ENDPOINT),
                config.getString(REGION),
                config.getString(ACCESS_KEY_ID),
                secret == null ? "" : secret.value(),
                config.getBoolean(PATH_STYLE_ACCESS));
    }

    /** Where and how to reach S3; empty endpoint and keys mean AWS S3 and the SDK's credential chain. */
    public record S3Connection(
            String endpoint, String region, String accessKeyId, String secretAccessKey, boolean pathStyleAccess) {}
}
