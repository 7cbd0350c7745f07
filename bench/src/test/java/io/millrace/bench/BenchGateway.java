package io.millrace.bench;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import java.util.ArrayList;
import java.util.List;

/** The Kinesis API, and any other given service, on one gateway, as {@code millrace up} hosts them. */
final class BenchGateway implements AutoCloseable {

    private final List<GatewayService> services;
    private final Gateway gateway;

    private BenchGateway(List<GatewayService> services, Gateway gateway) {
        this.services = services;
        this.gateway = gateway;
    }

    /** Takes ownership of {@code others}: they are closed with the gateway. */
    static BenchGateway start(KinesisConfig config, GatewayService... others) throws Exception {
        List<GatewayService> services = new ArrayList<>(List.of(others));
        try {
            services.add(0, KinesisService.start(config));
            return new BenchGateway(services, Gateway.start(config, services));
        } catch (Exception e) {
            services.forEach(GatewayService::close);
            throw e;
        }
    }

    int port() {
        return gateway.port();
    }

    @Override
    public void close() {
        gateway.close();
        services.forEach(GatewayService::close);
    }
}
