package io.millrace.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.launcher.net.Ports;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --expose kafka}: a SASL/SCRAM-SHA-512 listener beside the plain loopback one, with credentials Millrace
 * makes and writes to a client properties file only its owner reads. A client without them is refused; a client
 * with the file as it is works, and keeps working after a restart.
 */
class KafkaExposureIT {

    @TempDir
    Path dataDir;

    @Test
    void aPlainClientIsRefusedAndTheClientFileAuthenticates() throws Exception {
        Path clientFile = dataDir.resolve("kafka-client.properties");
        int external = Ports.pickFree();
        EmbeddedKafkaSettings settings = new EmbeddedKafkaSettings(
                dataDir.resolve("kafka"),
                "127.0.0.1",
                Ports.pickFree(),
                Ports.pickFree(),
                Optional.of(new KafkaExposure("127.0.0.1", external, clientFile)));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clientFile)))
                    .isEqualTo("rw-------");
            Properties client = load(clientFile);
            assertThat(client.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:" + external);
            assertThat(client.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
            assertThat(client.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");

            try (Admin plain = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + external,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
                assertThatThrownBy(() -> plain.listTopics().names().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
            Map<String, Object> wrongPassword = asMap(client);
            wrongPassword.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"millrace\""
                            + " password=\"guess\";");
            wrongPassword.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            wrongPassword.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
            try (Admin guessing = Admin.create(wrongPassword)) {
                assertThatThrownBy(() -> guessing.listTopics().names().get(10, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }

            try (Admin scram = Admin.create(asMap(client))) {
                scram.createTopics(List.of(new NewTopic("exposed", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(asMap(client), new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>("exposed", "k", "v"))
                                .get(30, TimeUnit.SECONDS)
                                .offset())
                        .isZero();
            }
        }

        // A restart keeps the password: the file clients were given still works.
        String before = Files.readString(clientFile)
                .lines()
                .filter(line -> line.startsWith("sasl.jaas.config"))
                .findFirst()
                .orElseThrow();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings);
                Admin scram = Admin.create(asMap(load(clientFile)))) {
            assertThat(scram.listTopics().names().get(30, TimeUnit.SECONDS)).contains("exposed");
        }
        assertThat(Files.readString(clientFile)).contains(before);
    }

    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Map<String, Object> asMap(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
