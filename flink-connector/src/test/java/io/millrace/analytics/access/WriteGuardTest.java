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
        RoleAccess access = unreachable("ASIAEXAMPLEEXAMPLE02");
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

    @Test
    void aFirehoseSinksGuardHoldsAFirehoseClientOfItsOwn() {
        RoleAccess access = new RoleAccess(
                "http://127.0.0.1:9",
                "us-east-1",
                "ASIAEXAMPLEEXAMPLE03",
                "secret",
                "token",
                null,
                null,
                Duration.ofSeconds(30));
        int before = WriteGuard.openClients();
        WriteGuard stream = new WriteGuard(access, "orders");
        WriteGuard deliveryStream = WriteGuard.ofDeliveryStream(access, "orders");

        assertThatThrownBy(stream::open).isInstanceOf(FlinkRuntimeException.class);
        // Same role and endpoint, another API: a Firehose client, not the Kinesis one.
        assertThatThrownBy(deliveryStream::open)
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageStartingWith("Cannot authorize writes to delivery stream orders: ");
        assertThat(WriteGuard.openClients()).isEqualTo(before + 2);

        deliveryStream.close();
        assertThat(WriteGuard.openClients()).isEqualTo(before + 1);
        stream.close();
        assertThat(WriteGuard.openClients()).isEqualTo(before);
    }

    /** A role's access at the discard port, where nothing listens: each open fails undecided, after taking its client. */
    private static RoleAccess unreachable(String keyId) {
        return new RoleAccess(
                "http://127.0.0.1:9", "us-east-1", keyId, "secret", "token", null, null, Duration.ofSeconds(30));
    }
}
