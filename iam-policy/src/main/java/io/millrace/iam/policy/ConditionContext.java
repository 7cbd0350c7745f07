package io.millrace.iam.policy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The request context that conditions and policy variables read: condition keys with their values. Keys are
 * case-insensitive, as AWS treats them ({@code aws:SourceIp} and {@code AWS:sourceip} are one key); values are kept as
 * given. A key with no values is absent. Immutable.
 */
public final class ConditionContext {

    public static final ConditionContext EMPTY = new ConditionContext(Map.of());

    private final Map<String, List<String>> values;

    private ConditionContext(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The values of {@code key} (any case), empty when the request has none. */
    public List<String> values(String key) {
        return lookup(normalize(key));
    }

    /** The values of a key already lower-cased with {@link #normalize}: what compiled policies hold. */
    List<String> lookup(String normalizedKey) {
        return values.getOrDefault(normalizedKey, List.of());
    }

    static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return values.toString();
    }

    public static final class Builder {
        private final Map<String, List<String>> values = new HashMap<>();

        private Builder() {}

        /** Sets a key's values, replacing what the key (in any case) had; no values removes it. */
        public Builder put(String key, List<String> keyValues) {
            Objects.requireNonNull(key, "key");
            List<String> copy = List.copyOf(keyValues);
            if (copy.isEmpty()) {
                values.remove(normalize(key));
            } else {
                values.put(normalize(key), copy);
            }
            return this;
        }

        public Builder put(String key, String... keyValues) {
            return put(key, List.of(keyValues));
        }

        public Builder putAll(Map<String, List<String>> keys) {
            keys.forEach(this::put);
            return this;
        }

        /**
         * The global keys that describe the caller: {@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
         * {@code aws:PrincipalType}, {@code aws:userid}, {@code aws:PrincipalIsAWSService} and, for an IAM user,
         * {@code aws:username}; for a service principal only {@code aws:PrincipalServiceName} and
         * {@code aws:PrincipalIsAWSService}, as AWS's global condition keys define them
         * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
         */
        public Builder caller(Caller caller) {
            if (caller.type() == Caller.Type.SERVICE) {
                // AWS's keys for a service principal; aws:PrincipalArn and aws:PrincipalAccount are absent then.
                put("aws:PrincipalServiceName", caller.principalArn());
                put("aws:PrincipalIsAWSService", "true");
                return this;
            }
            put("aws:PrincipalIsAWSService", "false");
            put("aws:PrincipalArn", caller.principalArn());
            put("aws:PrincipalAccount", caller.accountId());
            put("aws:PrincipalType", caller.type().principalType());
            if (caller.userId() != null) {
                put("aws:userid", caller.userId());
            }
            if (caller.username() != null) {
                put("aws:username", caller.username());
            }
            return this;
        }

        /**
         * The global keys the gateway knows of every request: {@code aws:SourceIp} (when known),
         * {@code aws:SecureTransport}, {@code aws:CurrentTime} (ISO 8601, UTC) and {@code aws:EpochTime} (seconds),
         * {@code aws:UserAgent} (when sent) and {@code aws:RequestedRegion}.
         */
        public Builder request(
                String sourceIp, boolean secureTransport, Instant currentTime, String userAgent, String region) {
            if (sourceIp != null) {
                put("aws:SourceIp", sourceIp);
            }
            put("aws:SecureTransport", Boolean.toString(secureTransport));
            Instant seconds = currentTime.truncatedTo(ChronoUnit.SECONDS);
            put("aws:CurrentTime", seconds.toString());
            put("aws:EpochTime", Long.toString(seconds.getEpochSecond()));
            if (userAgent != null) {
                put("aws:UserAgent", userAgent);
            }
            if (region != null) {
                put("aws:RequestedRegion", region);
            }
            return this;
        }

        /**
         * The keys a service sets when it acts for one of an account's resources, which AWS's confused-deputy guidance
         * has trust policies check: {@code aws:SourceArn} (the resource, such as a delivery stream) and
         * {@code aws:SourceAccount} (its account); either may be null
         * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
         */
        public Builder source(String sourceArn, String sourceAccount) {
            if (sourceArn != null) {
                put("aws:SourceArn", sourceArn);
            }
            if (sourceAccount != null) {
                put("aws:SourceAccount", sourceAccount);
            }
            return this;
        }

        public ConditionContext build() {
            return values.isEmpty() ? EMPTY : new ConditionContext(Map.copyOf(values));
        }
    }
}
