package io.millrace.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class TcpListenersTest {

    @Test
    void readsTheKernelsLittleEndianWordsAsAddresses() {
        assertThat(TcpListeners.address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(TcpListeners.address("0B02000A").getHostAddress()).isEqualTo("10.0.2.11");
        assertThat(TcpListeners.address("00000000000000000000000001000000").isLoopbackAddress())
                .isTrue();
    }

    @Test
    void seesASocketThisProcessListensOn() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(TcpListeners.all()).anySatisfy(listener -> {
                assertThat(listener.port()).isEqualTo(server.getLocalPort());
                assertThat(listener.address().isLoopbackAddress()).isTrue();
            });
        }
    }
}
