package io.millrace.launcher.kafka;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedded broker's listener for clients on other hosts ({@code --expose kafka}): SASL/SCRAM-SHA-512 on a port
 * of its own, beside the plain loopback listener the platform itself uses. Its one user's credentials are made by
 * Millrace and written, with everything a client needs, to {@code clientProperties} (mode 600).
 *
 * @param bindAddress      the listener's address ({@code --bind})
 * @param port             the listener's port ({@code --kafka-external-port})
 * @param clientProperties the client properties file, under the data directory
 */
public record KafkaExposure(String bindAddress, int port, Path clientProperties) {

    static final String LISTENER = "EXTERNAL";
    static final String MECHANISM = "SCRAM-SHA-512";

    public KafkaExposure {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port <= 0) {
            throw new IllegalArgumentException("the external Kafka port must be resolved before the broker starts");
        }
        clientProperties = clientProperties.toAbsolutePath().normalize();
    }

    /** host:port that clients on other hosts use; for a wildcard bind the machine's host name. */
    public String bootstrapServers() {
        return EmbeddedKafkaSettings.advertisedHost(bindAddress) + ":" + port;
    }
}
