package io.millrace.cloudwatch;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The CloudWatch API on a gateway of its own on the embedded broker, with its topics and Streams application named
 * for one run (so that test classes never share state), and an SDK v2 client pointed at it. One per test class,
 * closed by it.
 */
final class CloudWatchTestNode implements AutoCloseable {

    private final String run;
    private final Map<String, Object> props;
    private final CloudWatchService service;
    private final Gateway gateway;
    private final CloudWatchClient client;

    private CloudWatchTestNode(String run, Map<String, Object> props, CloudWatchService service, Gateway gateway) {
        this.run = run;
        this.props = props;
        this.service = service;
        this.gateway = gateway;
        this.client = LocalClients.pointedAt(CloudWatchClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
    }

    /**
     * @param application the Streams application id's prefix, the run's id appended
     * @param stateDir    the Streams state directory
     * @param extra       CloudWatch settings on top of the topic, partitions, application and state directory; a
     *                    value may hold {@code {run}}, replaced by the run's id
     */
    static CloudWatchTestNode start(String application, Path stateDir, Map<String, String> extra) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(CloudWatchConfig.TOPIC, "metrics-" + run);
        props.put(CloudWatchConfig.TOPIC_PARTITIONS, "2");
        props.put(CloudWatchConfig.APPLICATION_ID, application + "-" + run);
        props.put(CloudWatchConfig.STATE_DIR, stateDir.toString());
        extra.forEach((key, value) -> props.put(key, value.replace("{run}", run)));
        GatewayConfig gatewayConfig = new GatewayConfig(props);
        CloudWatchService service =
                CloudWatchService.start(new CloudWatchConfig(props), gatewayConfig.kafkaClientProperties());
        try {
            return new CloudWatchTestNode(run, props, service, Gateway.start(gatewayConfig, List.of(service)));
        } catch (Exception e) {
            service.close();
            throw e;
        }
    }

    /** The run's id, in its topic and application names: names made from it are the run's own. */
    String run() {
        return run;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    CloudWatchClient client() {
        return client;
    }

    /** The gateway's Kafka client settings, for readers of the run's topics. */
    Map<String, Object> kafkaClientProperties() {
        return new GatewayConfig(props).kafkaClientProperties();
    }

    @Override
    public void close() {
        client.close();
        gateway.close();
        service.close();
    }
}
