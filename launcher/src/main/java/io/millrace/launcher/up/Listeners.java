package io.millrace.launcher.up;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where each service of {@code millrace up} listens: the gateway, which checks callers in signed mode, on
 * {@code --bind}; every embedded service that checks nobody (Kafka, the S3 store, Connect's and Flink's REST APIs,
 * and every internal socket of the Flink mini-cluster) on the loopback address, unless {@code --expose} names it,
 * whatever {@code --bind} says. The KRaft controller, Kafka's plain listener (exposed Kafka is a SASL/SCRAM listener
 * of its own) and Flink's internal sockets stay on loopback even then: no client outside the process needs them.
 *
 * @param gatewayBind the gateway's address ({@code --bind})
 * @param exposed     the services that listen on {@code gatewayBind} too
 */
public record Listeners(String gatewayBind, Set<ExposedService> exposed) {

    public static final String LOOPBACK = "127.0.0.1";

    public Listeners {
        exposed = exposed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exposed));
    }

    /** The address the service binds to. */
    public String bind(ExposedService service) {
        return exposed.contains(service) ? gatewayBind : LOOPBACK;
    }

    /** The address clients on this machine reach the service at: a wildcard bind is no address to connect to. */
    public String host(ExposedService service) {
        return localHost(bind(service));
    }

    static String localHost(String bind) {
        return isWildcard(bind) ? LOOPBACK : bind;
    }

    static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }
}
