package io.millrace.analytics.access;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where and as whom a job's sources and sinks authorize their reads and writes of a stream: the gateway's Kinesis
 * endpoint, the role session's credentials the job was started with, what renews them before they expire
 * ({@link RoleCredentials}), and how often to ask again.
 *
 * @param credentialsGrant the grant that lets the job have the service assume its role again at the gateway's
 *     credentials endpoint, null when the credentials are not renewed
 * @param expiration when the credentials the job was started with expire, null when unknown
 */
public record RoleAccess(
        String endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String credentialsGrant,
        Instant expiration,
        Duration recheckInterval)
        implements Serializable {

    public RoleAccess {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        if (recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException(RoleAccessOptions.RECHECK_INTERVAL.key() + " must be positive");
        }
    }

    /**
     * The settings of {@link RoleAccessOptions} in a job's configuration, or empty when it names no access key id.
     *
     * @throws IllegalArgumentException when a key id is given without its secret or the endpoint
     */
    public static Optional<RoleAccess> from(ReadableConfig configuration) {
        Optional<String> keyId =
                configuration.getOptional(RoleAccessOptions.ACCESS_KEY_ID).filter(s -> !s.isBlank());
        if (keyId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RoleAccess(
                required(
                        configuration, RoleAccessOptions.ENDPOINT.key(), configuration.get(RoleAccessOptions.ENDPOINT)),
                configuration.get(RoleAccessOptions.REGION),
                keyId.get(),
                required(
                        configuration,
                        RoleAccessOptions.SECRET_ACCESS_KEY.key(),
                        configuration.get(RoleAccessOptions.SECRET_ACCESS_KEY)),
                configuration.getOptional(RoleAccessOptions.SESSION_TOKEN).orElse(null),
                configuration
                        .getOptional(RoleAccessOptions.CREDENTIALS_GRANT)
                        .filter(s -> !s.isBlank())
                        .orElse(null),
                configuration
                        .getOptional(RoleAccessOptions.EXPIRATION)
                        .map(RoleAccess::instant)
                        .orElse(null),
                configuration.get(RoleAccessOptions.RECHECK_INTERVAL)));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    RoleAccessOptions.EXPIRATION.key() + " is not an ISO-8601 instant: " + text, e);
        }
    }

    private static String required(ReadableConfig configuration, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required with " + RoleAccessOptions.ACCESS_KEY_ID.key());
        }
        return value;
    }

    @Override
    public String toString() {
        // Never the secret or the token in a log line or a job's description.
        return "RoleAccess[" + endpoint + ", " + accessKeyId + (credentialsGrant == null ? "" : ", renewed")
                + ", every " + recheckInterval + "]";
    }
}
