package io.millrace.analytics.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients shared by the sinks of a task manager: one per key, closed with the last lease, so a restarted subtask
 * takes its predecessor's client instead of opening another one.
 */
class SharedClientsTest {

    /** A client that records whether it was closed. */
    private static final class Client implements AutoCloseable {
        private final String key;
        private boolean closed;

        Client(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Client> made = new ArrayList<>();
    private final SharedClients<String, Client> clients = new SharedClients<>(key -> {
        Client client = new Client(key);
        made.add(client);
        return client;
    });

    @Test
    void leasesOfOneKeyShareAClientClosedWithTheLastOfThem() {
        SharedClients.Lease<Client> first = clients.acquire("endpoint|role");
        SharedClients.Lease<Client> second = clients.acquire("endpoint|role");

        assertThat(second.client()).isSameAs(first.client());
        assertThat(made).hasSize(1);
        first.close();
        assertThat(made.get(0).closed).isFalse();
        assertThat(clients.open()).isEqualTo(1);
        second.close();
        assertThat(made.get(0).closed).isTrue();
        assertThat(clients.open()).isZero();
    }

    @Test
    void otherKeysGetTheirOwnClients() {
        SharedClients.Lease<Client> one = clients.acquire("endpoint|role-a");
        SharedClients.Lease<Client> other = clients.acquire("endpoint|role-b");

        assertThat(other.client()).isNotSameAs(one.client());
        assertThat(other.client().key).isEqualTo("endpoint|role-b");
        one.close();
        assertThat(made.get(0).closed).isTrue();
        assertThat(made.get(1).closed).isFalse();
        other.close();
    }

    @Test
    void aLeaseClosedTwiceReleasesOnceAndIsNoLongerUsable() {
        SharedClients.Lease<Client> first = clients.acquire("k");
        SharedClients.Lease<Client> second = clients.acquire("k");

        first.close();
        first.close();

        assertThat(made.get(0).closed).isFalse();
        assertThatThrownBy(first::client).isInstanceOf(IllegalStateException.class);
        second.close();
        assertThat(made.get(0).closed).isTrue();
    }

    @Test
    void aKeyAcquiredAfterItsClientClosedGetsANewOne() {
        Client before;
        try (SharedClients.Lease<Client> lease = clients.acquire("k")) {
            before = lease.client();
        }
        try (SharedClients.Lease<Client> lease = clients.acquire("k")) {
            assertThat(lease.client()).isNotSameAs(before);
            assertThat(lease.client().closed).isFalse();
        }
        assertThat(made)
                .hasSize(2)
                .allSatisfy(client -> assertThat(client.closed).isTrue());
    }
}
