package io.millrace.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ListeningProcessTest {

    private static final long OWN_PID = ProcessHandle.current().pid();

    @Test
    void findsThisProcessBehindAServerSocketItOpened() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();

            assertThat(ListeningProcess.listeningInode(port)).isPresent();
            assertThat(ListeningProcess.pid(port)).hasValue(OWN_PID);

            CpuProbe probe = CpuProbe.resolve(null, URI.create("http://127.0.0.1:" + port), 80);
            assertThat(probe.measuresPlatform()).isTrue();
            assertThat(probe.description()).isEqualTo("pid " + OWN_PID + " (listens on port " + port + ")");
            assertThat(probe.read().platformNanos()).isPositive();
        }
    }

    @Test
    void onlyListeningSocketsOfThePortCount() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                // port 0x11D7 = 4567, ESTABLISHED (01): a client connection, not the listener
                "   0: 0100007F:11D7 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 111 1",
                // port 0x2382 = 9090 listening
                "   1: 00000000:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1",
                // port 0x11D7 = 4567 listening, IPv6 any address
                "   2: 00000000000000000000000000000000:11D7 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000     0        0 333 1");

        List<TcpListeners.Listener> listeners = TcpListeners.parse(table);
        assertThat(listeners).extracting(Object::toString).containsExactly("0.0.0.0:9090", "0:0:0:0:0:0:0:0:4567");
        assertThat(ListeningProcess.listeningInode(listeners, 4567)).hasValue(333);
        assertThat(ListeningProcess.listeningInode(listeners, 9090)).hasValue(222);
        assertThat(ListeningProcess.listeningInode(listeners, 40000)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void aPortNobodyListensOnHasNoProcess() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        assertThat(ListeningProcess.pid(port)).isEmpty();

        CpuProbe probe = CpuProbe.resolve(null, URI.create("http://127.0.0.1:" + port), 80);
        assertThat(probe.measuresPlatform()).isFalse();
        assertThat(probe.description()).contains("no process found listening on port " + port, "--platform-pid");
        assertThat(probe.read().platformNanos()).isEqualTo(-1);
    }

    @Test
    void aRemoteEndpointNeedsAnExplicitPid() {
        CpuProbe remote = CpuProbe.resolve(null, URI.create("http://192.0.2.10:4567"), 80);
        assertThat(remote.measuresPlatform()).isFalse();
        assertThat(remote.description()).contains("not on a loopback address", "--platform-pid");

        CpuProbe given = CpuProbe.resolve(OWN_PID, URI.create("http://192.0.2.10:4567"), 80);
        assertThat(given.measuresPlatform()).isTrue();
        assertThat(given.description()).isEqualTo("pid " + OWN_PID + " (--platform-pid)");
    }
}
