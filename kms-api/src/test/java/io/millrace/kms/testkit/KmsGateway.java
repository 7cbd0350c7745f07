package io.millrace.kms.testkit;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;

/** A gateway in open mode serving the KMS API on the shared embedded cluster, and SDK v2 clients pointed at it. */
public final class KmsGateway implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    /** A fixed root key, the same for every gateway of a test, as every gateway of a cluster shares it. */
    public static final String ROOT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final KmsService service;
    private final Gateway gateway;

    private KmsGateway(KmsService service, Gateway gateway) {
        this.service = service;
        this.gateway = gateway;
    }

    /** A gateway of its own on the topic {@code topic}: two started on one topic serve the same keys. */
    public static KmsGateway start(String topic) {
        return start(topic, Clock.systemUTC(), Map.of());
    }

    public static KmsGateway start(String topic, Clock clock, Map<String, String> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(GatewayConfig.REGION, REGION);
        props.put(GatewayConfig.ACCOUNT_ID, ACCOUNT);
        props.put(KmsConfig.TOPIC, topic);
        props.putIfAbsent(KmsConfig.ROOT_KEY, ROOT_KEY);
        GatewayConfig gatewayConfig = new GatewayConfig(props);
        KmsService service = null;
        try {
            service = KmsService.start(
                    new KmsConfig(props), gatewayConfig.kafkaClientProperties(), REGION, ACCOUNT, clock);
            return new KmsGateway(service, Gateway.start(gatewayConfig, List.of(service)));
        } catch (Exception e) {
            if (service != null) {
                service.close();
            }
            throw new IllegalStateException("Cannot start a gateway", e);
        }
    }

    public KmsService service() {
        return service;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public KmsClient client() {
        return LocalClients.pointedAt(KmsClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void close() {
        gateway.close();
        service.close();
    }
}
