package io.millrace.launcher.net;

import io.millrace.bench.stats.TcpListeners;
import io.millrace.bench.stats.TcpListeners.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets this process listens on: the namespace's listening sockets ({@link TcpListeners}) whose inode
 * is one of this process's {@code socket:[inode]} links under {@code /proc/self/fd}.
 */
public final class ListeningSockets {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {}

    /** Every TCP socket this process listens on, by inode. */
    public static Map<Long, Listener> ofThisProcess() {
        Set<Long> own = ownSocketInodes();
        Map<Long, Listener> listening = new HashMap<>();
        for (Listener listener : TcpListeners.all()) {
            if (own.contains(listener.inode())) {
                listening.put(listener.inode(), listener);
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
}
