package io.millrace.firehose.api;

import io.millrace.firehose.it.TestStack;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * Writes delivery stream metadata straight to the metadata topic, as a gateway does: to leave a stream in the state
 * a gateway that died mid-step leaves it, or with a history the test cannot wait for.
 */
final class MetadataTopic implements AutoCloseable {

    private final Admin admin;
    private final DeliveryStreamStore store;

    MetadataTopic() throws Exception {
        Map<String, Object> props = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
        admin = Admin.create(props);
        store = new DeliveryStreamStore(props, admin, "__millrace_firehose");
        store.start(Duration.ofSeconds(30));
    }

    DeliveryStreamMetadata current(String name) throws Exception {
        store.sync().get(30, TimeUnit.SECONDS);
        return store.stream(name).orElseThrow();
    }

    /** Writes the next version of a stream, built from its current state. */
    DeliveryStreamMetadata write(DeliveryStreamMetadata next) throws Exception {
        return store.write(next).get(30, TimeUnit.SECONDS);
    }

    /** Removes a stream's record for good, as DeleteDeliveryStream's last step does. */
    void remove(String name) throws Exception {
        store.remove(current(name)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        store.close();
        admin.close();
    }
}
