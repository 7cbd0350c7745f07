package io.millrace.firehose.iceberg;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The credentials Iceberg's Glue client signs with: the connector's S3 credentials, handed over as Iceberg's
 * {@code client.credentials-provider.*} properties (Iceberg calls {@link #create(Map)}), or the SDK's default chain
 * when none are configured. The Connect worker's environment is shared by every connector, so nothing global is set.
 */
public final class IcebergCredentials implements AwsCredentialsProvider {

    static final String ACCESS_KEY_ID = "access-key-id";
    static final String SECRET_ACCESS_KEY = "secret-access-key";

    private final AwsCredentialsProvider delegate;

    private IcebergCredentials(AwsCredentialsProvider delegate) {
        this.delegate = delegate;
    }

    public static IcebergCredentials create(Map<String, String> properties) {
        String id = properties.getOrDefault(ACCESS_KEY_ID, "");
        String secret = properties.getOrDefault(SECRET_ACCESS_KEY, "");
        return new IcebergCredentials(
                id.isEmpty()
                        ? DefaultCredentialsProvider.builder().build()
                        : () -> AwsBasicCredentials.create(id, secret));
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return delegate.resolveCredentials();
    }
}
