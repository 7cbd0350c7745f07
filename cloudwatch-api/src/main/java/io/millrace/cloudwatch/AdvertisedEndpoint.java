package io.millrace.cloudwatch;

import io.millrace.gateway.config.GatewayConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the other gateways reach this one for the metrics it holds: the configured HOST:PORT, else the gateway's
 * own bind address and plain HTTP port (this host's name for a wildcard bind), else none when that port is chosen
 * at start (0) or off, since Kafka Streams must be told before it starts.
 */
final class AdvertisedEndpoint {

    private AdvertisedEndpoint() {}

    static Optional<HostInfo> of(CloudWatchConfig config, GatewayConfig gateway) {
        String configured =
                config.getString(CloudWatchConfig.ADVERTISED_ENDPOINT).trim();
        if (!configured.isEmpty()) {
            int colon = configured.lastIndexOf(':');
            try {
                return Optional.of(new HostInfo(
                        configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new ConfigException(CloudWatchConfig.ADVERTISED_ENDPOINT, configured, "expected HOST:PORT");
            }
        }
        int port = gateway.getInt(GatewayConfig.PORT);
        if (port <= 0) {
            return Optional.empty();
        }
        String bind = gateway.getString(GatewayConfig.BIND);
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty()) {
            try {
                bind = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new ConfigException(CloudWatchConfig.ADVERTISED_ENDPOINT, "", "this host has no name: set one");
            }
        }
        return Optional.of(new HostInfo(bind, port));
    }
}
