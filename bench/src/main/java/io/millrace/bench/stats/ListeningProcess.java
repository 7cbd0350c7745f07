package io.millrace.bench.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the process that listens on a local TCP port (Linux): the LISTEN socket's inode from {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6}, then the process whose {@code /proc/PID/fd} holds a link to {@code socket:[inode]}.
 * Needs the right to read the other process's fd folder (same user, or root).
 */
public final class ListeningProcess {

    /** st column of a socket in state TCP_LISTEN (include/net/tcp_states.h). */
    private static final String LISTEN = "0A";

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListeningProcess() {}

    /** The pid of the process listening on {@code port}, or empty when none can be found. */
    public static OptionalLong pid(int port) {
        OptionalLong inode = listeningInode(port);
        return inode.isPresent() ? owner(inode.getAsLong()) : OptionalLong.empty();
    }

    /** The inode of the LISTEN socket on {@code port}, any local address, IPv4 or IPv6. */
    static OptionalLong listeningInode(int port) {
        for (Path table : TABLES) {
            try {
                OptionalLong inode = listeningInode(Files.readAllLines(table), port);
                if (inode.isPresent()) {
                    return inode;
                }
            } catch (IOException e) {
                // no IPv6 table, or no /proc at all: try the next one
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Reads one {@code /proc/net/tcp*} table: a header line, then per socket {@code sl local_address rem_address st
     * tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}, addresses as {@code HEXADDR:HEXPORT}.
     */
    static OptionalLong listeningInode(List<String> lines, int port) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !LISTEN.equals(f[3])) {
                continue;
            }
            String local = f[1];
            int colon = local.lastIndexOf(':');
            if (colon > 0 && Integer.parseInt(local.substring(colon + 1), 16) == port) {
                long inode = Long.parseLong(f[9]);
                if (inode != 0) {
                    return OptionalLong.of(inode);
                }
            }
        }
        return OptionalLong.empty();
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
