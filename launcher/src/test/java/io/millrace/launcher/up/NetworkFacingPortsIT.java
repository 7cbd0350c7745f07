package io.millrace.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.bench.stats.TcpListeners.Listener;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import io.millrace.launcher.net.ListeningSockets;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which sockets of {@code millrace up} face the network, read from the kernel's socket tables while the whole platform
 * runs in this JVM: only the gateway's, and only when {@code --bind} says so. Kafka, the S3 store, Connect and every
 * socket of the Flink mini-cluster run code or serve data for anyone who reaches them, so they stay on loopback.
 * The sockets compared are those that appeared while the platform started: other tests' in this JVM do not count.
 */
class NetworkFacingPortsIT {

    @TempDir
    Path dir;

    @Test
    void byDefaultEverySocketIsOnLoopback() throws Exception {
        Started started = start("--data-dir", dir.resolve("default").toString());
        try (Platform ignored = started.platform()) {
            assertThat(started.listeners())
                    .isNotEmpty()
                    .allSatisfy(listener -> assertThat(listener.address().isLoopbackAddress())
                            .as("%s is on loopback", listener)
                            .isTrue());
            started.assertExactlyTheReportedPortsAndTheBlobServer();
        }
    }

    @Test
    void withBindAllOnlyTheGatewaysTwoPortsFaceTheNetwork() throws Exception {
        Started started = start("--data-dir", dir.resolve("bind-all").toString(), "--bind", "0.0.0.0");
        try (Platform platform = started.platform()) {
            List<Listener> wildcard = started.listeners().stream()
                    .filter(listener -> listener.address().isAnyLocalAddress())
                    .toList();
            assertThat(ports(wildcard))
                    .containsExactlyInAnyOrder(
                            platform.gateway().port(), platform.gateway().tlsPort());
            assertThat(started.listeners())
                    .filteredOn(listener -> !listener.address().isAnyLocalAddress())
                    .allSatisfy(listener -> assertThat(listener.address().isLoopbackAddress())
                            .as("%s is on loopback", listener)
                            .isTrue());
            started.assertExactlyTheReportedPortsAndTheBlobServer();
        }
    }

    private record Started(Platform platform, List<Listener> listeners, Set<Integer> reportedPorts) {
        /**
         * The ports the platform reports, and one more: the mini-cluster's blob server, which reports none. Its RPC
         * and netty shuffle run in-process (one TaskManager, local communication): a new socket fails this test,
         * to be looked at.
         */
        void assertExactlyTheReportedPortsAndTheBlobServer() {
            List<Integer> ports = ports(listeners);
            assertThat(ports).containsAll(reportedPorts).doesNotHaveDuplicates();
            assertThat(ports)
                    .as("the reported ports %s and the blob server", reportedPorts)
                    .hasSize(reportedPorts.size() + 1);
        }
    }

    /** Every port 0 (picked free), the platform started, and the listening sockets it opened. */
    private static Started start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--port",
                "0",
                "--tls-port",
                "0",
                "--kafka-port",
                "0",
                "--s3-port",
                "0",
                "--connect-port",
                "0",
                "--flink-port",
                "0"));
        UpCommand command = new UpCommand();
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        UpPlan plan = UpPlan.resolve(command.options);

        Map<Long, Listener> before = ListeningSockets.ofThisProcess();
        Platform platform = new Platform();
        try {
            platform.start(plan);
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
        Map<Long, Listener> opened = new HashMap<>(ListeningSockets.ofThisProcess());
        opened.keySet().removeAll(before.keySet());
        System.out.println("millrace up " + String.join(" ", args) + " listens on "
                + new TreeSet<>(opened.values().stream().map(Listener::toString).toList()));

        EmbeddedKafkaSettings kafka = plan.kafka().orElseThrow();
        Set<Integer> reported = new TreeSet<>(List.of(
                platform.gateway().port(),
                platform.gateway().tlsPort(),
                kafka.port(),
                kafka.controllerPort(),
                plan.firehose().s3Port().orElseThrow(),
                plan.firehose().connectPort().orElseThrow(),
                plan.flink().port().orElseThrow(),
                URI.create(plan.flink().restUrl()).getPort()));
        return new Started(platform, List.copyOf(opened.values()), reported);
    }

    private static List<Integer> ports(List<Listener> listeners) {
        return listeners.stream().map(Listener::port).collect(Collectors.toList());
    }
}
