package io.millrace.gateway;

import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.http.GatewayServer;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint of a Millrace process: every hosted service's APIs on one port, behind one SigV4 check, and
 * their series on {@code GET /metrics}, in the order the services are given.
 * It keeps no state of its own (the services keep theirs in Kafka), so any number of gateways serve one cluster side
 * by side. Closing it stops taking requests; the services it hosts are closed by whoever started them.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayServer server;

    private Gateway(GatewayServer server) {
        this.server = server;
    }

    /** Listens on the configured address and port, and returns once requests are answered. */
    public static Gateway start(GatewayConfig config, List<? extends GatewayService> services)
            throws InterruptedException {
        List<AwsService> apis = new ArrayList<>();
        for (GatewayService service : services) {
            apis.addAll(service.apis());
        }
        int ioThreads = config.getInt(GatewayConfig.IO_THREADS);
        GatewayServer server = new GatewayServer(
                config.getString(GatewayConfig.BIND),
                config.getInt(GatewayConfig.PORT),
                ioThreads == 0 ? Runtime.getRuntime().availableProcessors() * 2 : ioThreads,
                apis,
                new SigV4Verifier(credentials(config), Clock.systemUTC()),
                new WireCodec(),
                config.getString(GatewayConfig.REGION),
                config.getString(GatewayConfig.ACCOUNT_ID),
                () -> apis.stream().map(AwsService::metricsText).collect(Collectors.joining()));
        LOG.info("Gateway listening on {}:{} ({})", config.getString(GatewayConfig.BIND), server.port(),
                apis.stream().map(AwsService::targetPrefix).collect(Collectors.joining(", ")));
        return new Gateway(server);
    }

    /** ACCESS_KEY:SECRET pairs; the secret may itself contain colons, the access key may not. */
    static Map<String, String> credentials(GatewayConfig config) {
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String pair : config.getList(GatewayConfig.CREDENTIALS)) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException(GatewayConfig.CREDENTIALS
                        + " takes ACCESS_KEY:SECRET pairs, got an entry without both parts");
            }
            credentials.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return credentials;
    }

    /** The port the gateway listens on (the bound one when the configuration asked for 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        LOG.info("Gateway stopped");
    }
}
