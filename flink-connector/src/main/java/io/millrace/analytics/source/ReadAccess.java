package io.millrace.analytics.source;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where and as whom a source authorizes its reads of a stream ({@link ReadAuthorizer}): the gateway's Kinesis
 * endpoint, the job's role session credentials, and how often to ask again.
 */
public record ReadAccess(
        String endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Duration recheckInterval)
        implements Serializable {

    public ReadAccess {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        if (recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException(ReadAccessOptions.RECHECK_INTERVAL.key() + " must be positive");
        }
    }

    /**
     * The settings of {@link ReadAccessOptions} in a job's configuration, or empty when it names no access key id.
     *
     * @throws IllegalArgumentException when a key id is given without its secret or the endpoint
     */
    public static Optional<ReadAccess> from(ReadableConfig configuration) {
        Optional<String> keyId =
                configuration.getOptional(ReadAccessOptions.ACCESS_KEY_ID).filter(s -> !s.isBlank());
        if (keyId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReadAccess(
                required(
                        configuration, ReadAccessOptions.ENDPOINT.key(), configuration.get(ReadAccessOptions.ENDPOINT)),
                configuration.get(ReadAccessOptions.REGION),
                keyId.get(),
                required(
                        configuration,
                        ReadAccessOptions.SECRET_ACCESS_KEY.key(),
                        configuration.get(ReadAccessOptions.SECRET_ACCESS_KEY)),
                configuration.getOptional(ReadAccessOptions.SESSION_TOKEN).orElse(null),
                configuration.get(ReadAccessOptions.RECHECK_INTERVAL)));
    }

    private static String required(ReadableConfig configuration, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required with " + ReadAccessOptions.ACCESS_KEY_ID.key());
        }
        return value;
    }

    @Override
    public String toString() {
        // Never the secret or the token in a log line or a job's description.
        return "ReadAccess[" + endpoint + ", " + accessKeyId + ", every " + recheckInterval + "]";
    }
}
