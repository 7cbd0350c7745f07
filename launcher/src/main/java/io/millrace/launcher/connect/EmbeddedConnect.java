package io.millrace.launcher.connect;

import io.millrace.launcher.memory.MemoryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in distributed mode inside this process, on the platform's Kafka: its connectors, offsets
 * and statuses live in Kafka topics, so a restart resumes every delivery stream, and more workers can join the
 * group. The Firehose plugin is on the classpath and found through its ServiceLoader manifest
 * ({@code plugin.discovery=service_load}): scanning the launcher's classpath by reflection would add seconds.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnect.class);
    public static final String GROUP_ID = "millrace-connect";

    private final Connect<DistributedHerder> connect;
    private final String url;

    private EmbeddedConnect(Connect<DistributedHerder> connect, String url) {
        this.connect = connect;
        this.url = url;
    }

    /**
     * Starts the worker and returns once its REST API reports it ready ({@code GET /health}).
     *
     * @param replicationFactor of the worker's internal topics; -1 takes the brokers' default
     * @param kafkaClient       the platform's Kafka client settings ({@code kafka.*} without the prefix)
     * @param memory            the budget of the connectors' consumers
     */
    public static EmbeddedConnect start(
            String bootstrapServers,
            String bindAddress,
            int port,
            short replicationFactor,
            Map<String, ?> kafkaClient,
            MemoryConfig memory,
            Duration timeout)
            throws Exception {
        Map<String, String> worker =
                WorkerSettings.of(bootstrapServers, bindAddress, port, replicationFactor, kafkaClient, memory);
        // The launcher stops the worker itself (close), before S3 and Kafka: Connect's own SIGTERM hook is not
        // registered, so no second stopper runs beside it (OwnedShutdown says why).
        Connect<DistributedHerder> connect =
                OwnedShutdown.keeping(new ArrayList<>(), () -> new ConnectDistributed().startConnect(worker));
        String host = "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        String url = "http://" + host + ":" + connect.rest().serverUrl().getPort();
        EmbeddedConnect embedded = new EmbeddedConnect(connect, url);
        try {
            embedded.awaitHealthy(timeout);
        } catch (Exception | Error e) {
            embedded.close();
            throw e;
        }
        LOG.info("Kafka Connect worker ready on {} (group {})", url, GROUP_ID);
        return embedded;
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Connect worker not ready after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** The worker's REST URL, e.g. {@code http://127.0.0.1:8083}. */
    public String url() {
        return url;
    }

    /**
     * Stops the REST server, then the herder, and returns once the herder has halted: its connectors and tasks, its
     * group membership, its status, config and offset logs and their admin client. This thread does it all, as no
     * hook of Connect's own runs beside it, so the broker that the launcher stops next outlives every Connect client.
     */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
        LOG.info("Kafka Connect worker stopped");
    }
}
