package io.millrace.dynamodb.testkit;

import io.millrace.dynamodb.DynamoDbConfig;
import io.millrace.dynamodb.DynamoDbService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A gateway serving the DynamoDB API on the shared embedded cluster, and SDK v2 clients pointed at it. */
public final class DynamoDbGateway implements AutoCloseable {

    private final DynamoDbService service;
    private final Gateway gateway;

    private DynamoDbGateway(DynamoDbService service, Gateway gateway) {
        this.service = service;
        this.gateway = gateway;
    }

    /** A gateway of its own on the topic {@code topic}: two started on one topic serve the same tables. */
    public static DynamoDbGateway start(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(DynamoDbConfig.TOPIC, topic);
        GatewayConfig gatewayConfig = new GatewayConfig(props);
        DynamoDbService service = null;
        try {
            service = DynamoDbService.start(new DynamoDbConfig(props), gatewayConfig.kafkaClientProperties());
            return new DynamoDbGateway(service, Gateway.start(gatewayConfig, List.of(service)));
        } catch (Exception e) {
            if (service != null) {
                service.close();
            }
            throw new IllegalStateException("Cannot start a gateway", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public DynamoDbClient client() {
        return LocalClients.pointedAt(DynamoDbClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void close() {
        gateway.close();
        service.close();
    }
}
