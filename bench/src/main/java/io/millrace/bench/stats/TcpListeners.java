package io.millrace.bench.stats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening TCP sockets of the network namespace, as the Linux kernel reports them in {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6}: one line per socket, {@code sl local_address rem_address st tx_queue:rx_queue
 * tr:tm->when retrnsmt uid timeout inode ...}, addresses as {@code HEXADDR:HEXPORT}, state {@code 0A} for LISTEN
 * (include/net/tcp_states.h). Which process holds a socket is told by the {@code socket:[inode]} links under
 * {@code /proc/PID/fd}.
 */
public final class TcpListeners {

    /** One listening socket: its inode, the address it is bound to and its port. */
    public record Listener(long inode, InetAddress address, int port) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    private static final String LISTEN = "0A";
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private TcpListeners() {}

    /** Every listening socket, IPv4 and IPv6; none where there is no {@code /proc} (not Linux). */
    public static List<Listener> all() {
        List<Listener> listeners = new ArrayList<>();
        for (Path table : TABLES) {
            try {
                listeners.addAll(parse(Files.readAllLines(table)));
            } catch (IOException e) {
                // no IPv6 table, or no /proc at all
            }
        }
        return listeners;
    }

    /** The listening sockets of one table's lines (the first line is a header). */
    static List<Listener> parse(List<String> lines) {
        List<Listener> listeners = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !LISTEN.equals(f[3])) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            long inode = Long.parseLong(f[9]);
            if (colon > 0 && inode != 0) {
                listeners.add(new Listener(
                        inode, address(f[1].substring(0, colon)), Integer.parseInt(f[1].substring(colon + 1), 16)));
            }
        }
        return listeners;
    }

    /** The kernel prints an address as 32-bit words in hex, each in the host's (little-endian) byte order. */
    static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
