package io.millrace.bench.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the process that listens on a local TCP port (Linux): the LISTEN socket's inode from {@link TcpListeners},
 * then the process whose {@code /proc/PID/fd} holds a link to {@code socket:[inode]}.
 * Needs the right to read the other process's fd folder (same user, or root).
 */
public final class ListeningProcess {

    private ListeningProcess() {}

    /** The pid of the process listening on {@code port}, or empty when none can be found. */
    public static OptionalLong pid(int port) {
        OptionalLong inode = listeningInode(port);
        return inode.isPresent() ? owner(inode.getAsLong()) : OptionalLong.empty();
    }

    /** The inode of the LISTEN socket on {@code port}, any local address, IPv4 or IPv6. */
    static OptionalLong listeningInode(int port) {
        return listeningInode(TcpListeners.all(), port);
    }

    static OptionalLong listeningInode(List<TcpListeners.Listener> listeners, int port) {
        return listeners.stream()
                .filter(listener -> listener.port() == port)
                .mapToLong(TcpListeners.Listener::inode)
                .findFirst();
    }

    /** The process holding socket {@code inode} open, by the {@code socket:[inode]} links of /proc/PID/fd. */
    static OptionalLong owner(long inode) {
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), ListeningProcess::isPid)) {
            for (Path process : processes) {
                if (holds(process.resolve("fd"), target)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // no /proc: not Linux
        }
        return OptionalLong.empty();
    }

    private static boolean holds(Path fds, String target) {
        try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
            for (Path link : links) {
                try {
                    if (target.equals(Files.readSymbolicLink(link).toString())) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed in the meantime
                }
            }
        } catch (IOException e) {
            // another user's process, or gone
        }
        return false;
    }

    private static boolean isPid(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
