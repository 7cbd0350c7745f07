package io.millrace.analytics.s3;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Millrace's S3 settings as Flink options: where jobs write {@code s3://} paths (the {@code filesystem} connector,
 * FileSink) and where the application service reads code from. {@link S3FileSystems} turns them into the keys of
 * Flink's S3 file system. The keys are those of the gateway's {@code S3Settings}, which the Firehose API reads.
 */
public final class S3Options {

    private S3Options() {}

    public static final ConfigOption<String> ENDPOINT = ConfigOptions.key("millrace.s3.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("S3 endpoint URL, for example http://localhost:9000 for a local store; AWS's when unset.");

    public static final ConfigOption<String> REGION = ConfigOptions.key("millrace.s3.region")
            .stringType()
            .defaultValue("us-east-1")
            .withDescription("Region the requests are signed for.");

    public static final ConfigOption<Boolean> PATH_STYLE_ACCESS = ConfigOptions.key("millrace.s3.path-style-access")
            .booleanType()
            .defaultValue(false)
            .withDescription("Address buckets as endpoint/bucket instead of bucket.endpoint (local stores need it).");

    public static final ConfigOption<String> ACCESS_KEY_ID = ConfigOptions.key("millrace.s3.access-key-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Access key id; the AWS default credential chain when unset.");

    public static final ConfigOption<String> SECRET_ACCESS_KEY = ConfigOptions.key("millrace.s3.secret-access-key")
            .stringType()
            .noDefaultValue()
            .withDescription("Secret access key, with millrace.s3.access-key-id.");
}
