package io.millrace.analytics.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.util.FlinkRuntimeException;
import org.junit.jupiter.api.Test;

/** The gateway client of write guards: shared by the guards of one role and endpoint, closed with the last. */
class WriteGuardTest {

    @Test
    void writeGuardsOfOneRoleShareOneGatewayClientUntilTheLastCloses() {
        // Nothing listens on the discard port: each open fails undecided, after taking its client.
        RoleAccess access = new RoleAccess(
                "http://127.0.0.1:9",
                "us-east-1",
                "ASIAEXAMPLEEXAMPLE02",
                "secret",
                "token",
                null,
                null,
                Duration.ofSeconds(30));
        int before = WriteGuard.openClients();
        WriteGuard first = new WriteGuard(access, "orders");
        WriteGuard restarted = new WriteGuard(access, "orders");

        assertThatThrownBy(first::open).isInstanceOf(FlinkRuntimeException.class);
        assertThatThrownBy(restarted::open).isInstanceOf(FlinkRuntimeException.class);
        assertThat(WriteGuard.openClients()).isEqualTo(before + 1);
        // Opened again (a serializer opened twice), a guard gives up the client it held first.
        assertThatThrownBy(first::open).isInstanceOf(FlinkRuntimeException.class);
        assertThat(WriteGuard.openClients()).isEqualTo(before + 1);

        first.close();
        assertThat(WriteGuard.openClients()).isEqualTo(before + 1);
        restarted.close();
        restarted.close();
        assertThat(WriteGuard.openClients()).isEqualTo(before);
    }
}
