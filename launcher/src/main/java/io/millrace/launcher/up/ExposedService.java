package io.millrace.launcher.up;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The embedded services that listen on loopback unless {@code --expose} names them. On loopback none checks who calls
 * it (the broker speaks plain Kafka, S3Proxy checks no signature, Connect's and Flink's REST APIs run code on
 * request), so each is reachable only from this machine unless the operator chooses otherwise. Exposed, Kafka and S3
 * check their callers (SASL/SCRAM; signed requests of the platform's identity and IAM's users), Connect and Flink do
 * not.
 */
public enum ExposedService {
    /** Exposed as a SASL/SCRAM listener of its own ({@code --kafka-external-port}); the plain one stays local. */
    KAFKA,
    S3,
    CONNECT,
    FLINK;

    /** The name {@code --expose} takes. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ExposedService parse(String value) {
        for (ExposedService service : values()) {
            if (service.optionValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return service;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(ExposedService::optionValue).collect(Collectors.joining(", "));
    }
}
