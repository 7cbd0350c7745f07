package io.millrace.launcher.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets this process listens on, as the Linux kernel reports them: {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} list every socket of the network namespace (state {@code 0A} is LISTEN), and the links of
 * {@code /proc/self/fd} ({@code socket:[inode]}) say which of them are this process's.
 */
public final class ListeningSockets {

    /** One listening socket: its inode, the address it is bound to and its port. */
    public record Listener(long inode, InetAddress address, int port) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    private static final String LISTEN = "0A";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {}

    /** Every TCP socket this process listens on, by inode. */
    public static Map<Long, Listener> ofThisProcess() {
        Set<Long> own = ownSocketInodes();
        Map<Long, Listener> listening = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (Listener listener : listenersIn(Path.of(table))) {
                if (own.contains(listener.inode())) {
                    listening.put(listener.inode(), listener);
                }
            }
        }
        return listening;
    }

    private static Set<Long> ownSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    Matcher socket =
                            SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (socket.matches()) {
                        inodes.add(Long.parseLong(socket.group(1)));
                    }
                } catch (IOException e) {
                    // closed between the listing and the read: not listening any more
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    /** Lines: {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...}. */
    private static List<Listener> listenersIn(Path table) {
        try {
            return Files.readAllLines(table).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields.length > 9 && LISTEN.equals(fields[3]))
                    .map(fields -> {
                        String[] local = fields[1].split(":");
                        return new Listener(
                                Long.parseLong(fields[9]), address(local[0]), Integer.parseInt(local[1], 16));
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
