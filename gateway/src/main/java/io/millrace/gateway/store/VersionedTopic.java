package io.millrace.gateway.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.header.Headers;

/**
 * A compacted topic holding one or more key spaces of versioned values ({@link VersionedStore}), each with its own
 * {@link RecordFormat}: every gateway tails it and hands each record to the key space that owns its key. Records of
 * keys no key space owns are ignored. Add the key spaces, then {@link #start}.
 */
public final class VersionedTopic implements AutoCloseable {

    private final List<VersionedStore<?>> keySpaces = new CopyOnWriteArrayList<>();
    private final CompactedTopicLog log;
    /** The admin client this topic made for itself, closed with it; null when the caller lent one. */
    private final Admin ownAdmin;

    /** @param clientName names the Kafka clients and the tail thread, e.g. {@code millrace-metadata} */
    public VersionedTopic(Map<String, Object> clientProps, Admin admin, String topic, String clientName) {
        this(clientProps, admin, topic, clientName, null);
    }

    private VersionedTopic(
            Map<String, Object> clientProps, Admin admin, String topic, String clientName, Admin ownAdmin) {
        this.log = new CompactedTopicLog(clientProps, admin, topic, clientName, this::apply);
        this.ownAdmin = ownAdmin;
    }

    /**
     * A topic with an admin client of its own ({@code <clientName>-admin}), closed with the topic: for a service whose
     * only use of Kafka's admin API is this topic.
     */
    public static VersionedTopic withOwnAdmin(Map<String, Object> clientProps, String topic, String clientName) {
        Map<String, Object> adminProps = new LinkedHashMap<>(clientProps);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, clientName + "-admin");
        Admin admin = Admin.create(adminProps);
        try {
            return new VersionedTopic(clientProps, admin, topic, clientName, admin);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    public <V> VersionedStore<V> keySpace(RecordFormat<V> format) {
        VersionedStore<V> keySpace = new VersionedStore<>(log, new VersionedView<>(format));
        keySpaces.add(keySpace);
        return keySpace;
    }

    private void apply(long offset, String key, byte[] value, Headers headers) {
        for (VersionedStore<?> keySpace : keySpaces) {
            if (keySpace.owns(key)) {
                keySpace.apply(offset, key, value, headers);
                return;
            }
        }
    }

    public String topic() {
        return log.topic();
    }

    /** Creates the topic if needed, then replays it; returns once every key space is up to date. */
    public void start(Duration timeout) throws Exception {
        log.start(timeout);
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return log.sync();
    }

    @Override
    public void close() {
        log.close();
        if (ownAdmin != null) {
            ownAdmin.close();
        }
    }
}
