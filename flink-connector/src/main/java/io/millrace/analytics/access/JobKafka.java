package io.millrace.analytics.access;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The Kafka identity of an application's job: the SCRAM user Millrace's application service made for the
 * application, whose Kafka ACLs follow its ServiceExecutionRole's policies, and the authenticating listener it
 * reaches the broker on. The service puts these keys in the job's Flink configuration (signed mode, a broker with an
 * authorizer, and a Flink cluster of its own that reaches the SASL listener); {@code MillraceStreams} then connects
 * with them instead of the bootstrap servers it was given, and {@link #clientProperties} are what a jar's own
 * {@code KafkaConsumer} or {@code KafkaProducer} needs. Without a user, jobs connect as they always did.
 *
 * @param bootstrapServers the SASL listener as the job reaches it
 * @param username the application's SCRAM user
 * @param password its password, made at each start of the application
 */
public record JobKafka(String bootstrapServers, String username, String password) implements Serializable {

    /** SCRAM-SHA-512, the mechanism of the launcher's SASL listener (Kafka's strongest built-in SCRAM). */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The launcher's listener authenticates but does not encrypt (its README says what that means). */
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("millrace.kafka.bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("The broker's SASL/SCRAM listener as the job reaches it; with millrace.kafka.username,"
                    + " the job's Millrace sources and sinks connect there instead of the servers they were given.");

    public static final ConfigOption<String> USERNAME = ConfigOptions.key("millrace.kafka.username")
            .stringType()
            .noDefaultValue()
            .withDescription("The application's SCRAM user (app-ACCOUNT-NAME), whose ACLs follow its role's policies.");

    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("millrace.kafka.password")
            .stringType()
            .noDefaultValue()
            .withDescription("The password of millrace.kafka.username, made at each start of the application.");

    /** The identity the job's configuration names; empty when it names none (open mode, a user's own cluster). */
    public static Optional<JobKafka> from(ReadableConfig configuration) {
        Optional<String> user = configuration.getOptional(USERNAME).filter(u -> !u.isBlank());
        Optional<String> servers = configuration.getOptional(BOOTSTRAP_SERVERS).filter(s -> !s.isBlank());
        if (user.isEmpty() || servers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobKafka(
                servers.get(), user.get(), configuration.getOptional(PASSWORD).orElse("")));
    }

    /** The job options that name this identity, for the service to put in a job's configuration. */
    public Map<String, String> jobOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(BOOTSTRAP_SERVERS.key(), bootstrapServers);
        options.put(USERNAME.key(), username);
        options.put(PASSWORD.key(), password);
        return options;
    }

    /** The client settings beyond {@code bootstrap.servers}: SASL with this user's SCRAM credentials. */
    public Map<String, String> securityProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", PROTOCOL);
        properties.put("sasl.mechanism", MECHANISM);
        properties.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                        + "\" password=\"" + password + "\";");
        return properties;
    }

    /** Everything a Kafka client needs to connect as the application: bootstrap servers and SASL settings. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.putAll(securityProperties());
        return properties;
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "JobKafka[" + username + "@" + bootstrapServers + "]";
    }
}
