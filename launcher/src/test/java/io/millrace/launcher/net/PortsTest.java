package io.millrace.launcher.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aPickedPortIsBindableAndOutsideTheRangeClientSocketsDrawFrom() throws Exception {
        int ephemeral = Ports.ephemeralRangeStart();
        assertThat(ephemeral).isBetween(1_024, 65_535);
        for (int i = 0; i < 20; i++) {
            int port = Ports.pickFree();
            assertThat(port).isBetween(10_000, ephemeral - 1);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
