package io.millrace.cluster;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A private network of hosts on this machine: one Linux bridge in the root namespace and, per host, a network
 * namespace joined to it by a veth pair, with an address of its own in a /24. The root namespace keeps the bridge's
 * own address (.1) and is the client host: the test JVM reaches every host through it as a remote client would.
 * Needs root (CI and developers run as root here). Every name starts with a random prefix, so parallel runs do not
 * collide, and {@link #close} removes everything, also from a shutdown hook when a test dies.
 */
public final class ClusterNetwork implements AutoCloseable {

    private final String prefix;
    private final String subnet;
    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();
    private final Thread cleanup = new Thread(this::removeAll, "cluster-network-cleanup");
    private boolean closed;

    private ClusterNetwork(String prefix, String subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.bridge = prefix + "br";
    }

    /** Creates the bridge; hosts are added with {@link #addHost}. */
    public static ClusterNetwork create() {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[2];
        random.nextBytes(id);
        // Interface names have at most 15 characters: "mr" + 4 hex digits + a 2- or 3-character suffix.
        String prefix = "mr" + HexFormat.of().formatHex(id);
        String subnet = "10.213." + (1 + random.nextInt(250));
        ClusterNetwork network = new ClusterNetwork(prefix, subnet);
        Runtime.getRuntime().addShutdownHook(network.cleanup);
        Shell.run("ip", "link", "add", network.bridge, "type", "bridge");
        Shell.run("ip", "addr", "add", network.clientAddress() + "/24", "dev", network.bridge);
        Shell.run("ip", "link", "set", network.bridge, "up");
        return network;
    }

    /** The client host's address on the network: the root namespace's, on the bridge. */
    public String clientAddress() {
        return subnet + ".1";
    }

    public String prefix() {
        return prefix;
    }

    /** A new host named {@code name} (for logs) with the next free address. */
    public synchronized Host addHost(String name) {
        int index = hosts.size() + 2;
        String namespace = prefix + "-" + name;
        String veth = prefix + "h" + index;
        String address = subnet + "." + index;
        Shell.run("ip", "netns", "add", namespace);
        Host host = new Host(name, namespace, address, veth);
        hosts.add(host);
        Shell.run("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "p");
        Shell.run("ip", "link", "set", veth + "p", "netns", namespace);
        Shell.run("ip", "-n", namespace, "link", "set", veth + "p", "name", "eth0");
        Shell.run("ip", "-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        Shell.run("ip", "-n", namespace, "link", "set", "eth0", "up");
        Shell.run("ip", "-n", namespace, "link", "set", "lo", "up");
        Shell.run("ip", "link", "set", veth, "master", bridge);
        Shell.run("ip", "link", "set", veth, "up");
        return host;
    }

    public synchronized List<Host> hosts() {
        return List.copyOf(hosts);
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (or ran) the same cleanup
        }
    }

    private synchronized void removeAll() {
        if (closed) {
            return;
        }
        closed = true;
        for (Host host : hosts) {
            host.stopAll();
        }
        for (Host host : hosts) {
            Shell.runQuietly("ip", "link", "del", host.veth());
            Shell.runQuietly("ip", "netns", "del", host.namespace());
        }
        Shell.runQuietly("ip", "link", "del", bridge);
    }
}
