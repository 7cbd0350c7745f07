package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/ deploys what the cluster kit tests: its compose file and configuration files must say what
 * {@link RoleConfigs} gives the kit's hosts, with the compose services' host names for the kit's addresses.
 */
class DockerComposeTest {

    private static final Path DOCKER = Path.of(System.getProperty("docker.dir", "../docker"));
    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092,kafka-3:9092";

    private final Map<String, Object> services = map(compose().get("services"));

    @Test
    void gatewaysRunTheKitsCommandLine() {
        List<String> expected = RoleConfigs.gateway(
                "/var/lib/millrace",
                BOOTSTRAP,
                "http://connect-1:8083",
                "http://flink-jobmanager:8081",
                "http://s3:9000");
        for (String gateway : List.of("millrace-1", "millrace-2")) {
            assertThat(strings(map(services.get(gateway)).get("command")))
                    .as(gateway)
                    .isEqualTo(expected);
        }
    }

    /** The apache/kafka image turns KAFKA_SOME_KEY into some.key: the kit's broker settings, key for key. */
    @Test
    void brokersHaveTheKitsSettings() {
        for (int i = 0; i < BROKERS.size(); i++) {
            String name = BROKERS.get(i);
            Map<String, String> expected =
                    new HashMap<>(RoleConfigs.broker(i + 1, name, BROKERS, "/var/lib/kafka/data"));
            // Listeners bind every interface of the container; the advertised one names the service.
            expected.put("listeners", "PLAINTEXT://:9092,CONTROLLER://:9093");
            Map<String, String> actual = new HashMap<>();
            environment(name).forEach((key, value) -> {
                if (key.startsWith("KAFKA_")) {
                    actual.put(key.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), String.valueOf(value));
                }
            });
            assertThat(actual).as(name).isEqualTo(expected);
        }
    }

    /** Connect workers advertise their container's host name instead of the kit's address: nothing else differs. */
    @Test
    void connectWorkersHaveTheKitsSettings() throws IOException {
        Properties file = new Properties();
        file.load(new StringReader(Files.readString(DOCKER.resolve("config/connect-worker.properties"))));
        Map<String, String> expected = new HashMap<>(RoleConfigs.connect("unused", BOOTSTRAP, 3));
        expected.remove("rest.advertised.host.name");
        Map<String, String> actual = new HashMap<>();
        file.forEach((key, value) -> actual.put((String) key, (String) value));
        assertThat(actual).isEqualTo(expected);
        assertThat(strings(map(services.get("connect-1")).get("entrypoint")))
                .containsSubsequence("org.apache.kafka.connect.cli.ConnectDistributed");
        for (String worker : List.of("connect-1", "connect-2")) {
            assertThat(environment(worker)).as(worker).containsAllEntriesOf(RoleConfigs.connectEnvironment());
        }
    }

    /** Flink's image writes FLINK_PROPERTIES into its config.yaml; each container is its own taskmanager.host. */
    @Test
    void flinkHasTheKitsSettings() throws IOException {
        Map<String, String> expected =
                new HashMap<>(RoleConfigs.flink("flink-jobmanager", "unused", "/var/lib/flink/checkpoints"));
        expected.remove("taskmanager.host");
        for (String role : List.of("flink-jobmanager", "flink-taskmanager")) {
            Map<String, String> actual = new HashMap<>();
            String yaml = (String) environment(role).get("FLINK_PROPERTIES");
            map(new Yaml().load(yaml)).forEach((key, value) -> actual.put(key, String.valueOf(value)));
            assertThat(actual).as(role).isEqualTo(expected);
        }
    }

    @Test
    void s3StoreHasTheKitsIdentity() {
        Map<String, Object> env = environment("s3");
        RoleConfigs.s3("/data")
                .forEach((key, value) -> assertThat(env.get(
                                key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')))
                        .as(key)
                        .isEqualTo(value));
    }

    /**
     * Debian's docker-compose (1.29) validates the file without an engine; CI installs it. Where it is missing the
     * test is skipped with that reason.
     */
    @Test
    void composeFileValidates() throws Exception {
        Path binary = Path.of("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(binary), "docker-compose is not installed (apt-get install docker-compose)");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "-f",
                        DOCKER.resolve("docker-compose.yml").toString(),
                        "config",
                        "-q")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static Map<String, Object> compose() {
        try {
            return new Yaml().load(Files.readString(DOCKER.resolve("docker-compose.yml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> environment(String service) {
        return map(map(services.get(service)).get("environment"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }

    private static List<String> strings(Object list) {
        List<String> values = new ArrayList<>();
        ((List<?>) list).forEach(value -> values.add(String.valueOf(value)));
        return values;
    }
}
