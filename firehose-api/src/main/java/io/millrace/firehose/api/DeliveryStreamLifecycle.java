package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.DeliveryKeys;
import io.millrace.firehose.config.S3ConnectionKeys;
import io.millrace.firehose.config.StreamKeys;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.encryption.DataKeys;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.firehose.translation.DeliveryStreamTranslator;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous half of CreateDeliveryStream and DeleteDeliveryStream, as in AWS (CREATING, then ACTIVE;
 * DELETING, then gone): the DirectPut topic and the connector are made or removed off the request path, and the
 * outcome is written to the metadata topic (CREATING_FAILED / DELETING_FAILED with the reason on failure).
 */
final class DeliveryStreamLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamLifecycle.class);

    private final FirehoseConfig config;
    private final DeliveryStreamStore store;
    private final ConnectClient connect;
    private final Admin admin;
    private final ExecutorService executor;
    private final StreamEncryption encryption;
    private final String gatewayId;
    /** DataFormatConversionConfiguration's table is resolved again whenever the connector configuration is made. */
    private final CatalogTables tables;

    private final ObjectMapper json = new ObjectMapper();
    private final DeliveryHealthView health;

    DeliveryStreamLifecycle(
            FirehoseConfig config,
            DeliveryStreamStore store,
            ConnectClient connect,
            Admin admin,
            ExecutorService executor,
            StreamEncryption encryption,
            String gatewayId,
            CatalogTables tables,
            DeliveryHealthView health) {
        this.health = health;
        this.tables = tables;
        this.config = config;
        this.store = store;
        this.connect = connect;
        this.admin = admin;
        this.executor = executor;
        this.encryption = encryption;
        this.gatewayId = gatewayId;
    }

    /** Marks a state change as the start of a step this gateway runs, so another can resume it if this one dies. */
    DeliveryStreamMetadata.Builder ownStep(DeliveryStreamMetadata.Builder stream) {
        return stream.setStepOwner(gatewayId).setStepStartedAtMillis(System.currentTimeMillis());
    }

    String gatewayId() {
        return gatewayId;
    }

    /**
     * Makes the topic (DirectPut) and the connector, then ACTIVE (and encryption ENABLED if it was asked for).
     * Every part is idempotent, so a gateway resuming a step another one began runs the same code.
     */
    void activate(DeliveryStreamMetadata stream) {
        executor.execute(() -> {
            String name = stream.getName();
            try {
                Map<String, String> connector = connectorConfig(stream);
                if ("DirectPut".equals(stream.getDeliveryStreamType())) {
                    createTopic(stream.getSourceTopic(), config.directPutPartitions(throughputHint(stream)));
                }
                connect.putConnector(stream.getConnectorName(), connector);
                store.update(name, stream.getIncarnation(), s -> {
                            if (s.getStatus() != DeliveryStreamStatus.CREATING) {
                                return null;
                            }
                            DeliveryStreamMetadata.Builder active =
                                    DeliveryStreamMetadata.newBuilder(withStatus(s, DeliveryStreamStatus.ACTIVE, null));
                            if (s.getEncryption() != null
                                    && StreamEncryption.ENABLING.equals(
                                            s.getEncryption().getStatus())) {
                                active.setEncryption(DeliveryStreamEncryption.newBuilder(s.getEncryption())
                                        .setStatus(StreamEncryption.ENABLED)
                                        .build());
                            }
                            return active.build();
                        })
                        .get(60, TimeUnit.SECONDS);
                LOG.info(
                        "Delivery stream {} active: connector {} reads topic {}",
                        name,
                        stream.getConnectorName(),
                        stream.getSourceTopic());
            } catch (Exception e) {
                fail(stream, DeliveryStreamStatus.CREATING_FAILED, e);
            }
        });
    }

    /**
     * At start: every active delivery stream's connector follows this gateway's current settings (the S3 endpoint
     * and credentials, Lambda URLs, topic prefixes, the Kafka settings and topics of the delivery state, which
     * connectors of earlier versions lack), which may have changed since the connector was configured:
     * after a restart with another {@code --s3-port}, a connector left on the old endpoint would fail every write.
     * A connector already configured alike is left alone, so gateways starting side by side change nothing.
     */
    void alignConnectors(Iterable<DeliveryStreamMetadata> streams) {
        for (DeliveryStreamMetadata stream : streams) {
            if (stream.getStatus() == DeliveryStreamStatus.ACTIVE) {
                executor.execute(() -> align(stream));
            }
        }
    }

    private void align(DeliveryStreamMetadata stream) {
        try {
            Map<String, String> desired = connectorConfig(stream);
            Optional<Map<String, String>> current = connect.connectorConfig(stream.getConnectorName());
            if (current.isEmpty() || sameSettings(current.get(), desired)) {
                return;
            }
            connect.putConnector(stream.getConnectorName(), desired);
            LOG.info(
                    "Delivery stream {}: its connector now follows this gateway's settings (S3 endpoint {})",
                    stream.getName(),
                    desired.getOrDefault(S3ConnectionKeys.S3_ENDPOINT, "AWS"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn(
                    "Delivery stream {}: its connector's settings could not be checked: {}",
                    stream.getName(),
                    e.getMessage());
        }
    }

    /** Connect adds the connector's name to what it was given; nothing else differs when nothing changed. */
    private static boolean sameSettings(Map<String, String> current, Map<String, String> desired) {
        Map<String, String> given = new TreeMap<>(current);
        if (!desired.containsKey("name")) {
            given.remove("name");
        }
        return given.equals(new TreeMap<>(desired));
    }

    /** Gives the running connector the stream's current configuration (after UpdateDestination). */
    CompletableFuture<Void> reconfigure(DeliveryStreamMetadata stream) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        connect.putConnector(stream.getConnectorName(), connectorConfig(stream));
                        LOG.info("Delivery stream {} updated to version {}", stream.getName(), stream.getVersionId());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    } catch (Exception e) {
                        LOG.warn(
                                "Delivery stream {} version {} not applied to its connector: {}",
                                stream.getName(),
                                stream.getVersionId(),
                                e.getMessage());
                        throw new CompletionException(FirehoseErrors.serviceUnavailable("The destination was updated"
                                + " but Kafka Connect did not take the new configuration yet: " + e.getMessage()));
                    }
                },
                executor);
    }

    /**
     * Finishes Start/StopDeliveryStreamEncryption. ENABLING: the connector first gets every data key (Connect
     * restarts its tasks), and only then is the status ENABLED, which is when PutRecord starts encrypting, so no
     * task meets a record it cannot decrypt for longer than its restart. DISABLING: the keys stay with the connector
     * for the encrypted records still in the topic; new records are written in the clear once DISABLED.
     */
    void finishEncryptionChange(DeliveryStreamMetadata stream) {
        executor.execute(() -> {
            String name = stream.getName();
            String from = stream.getEncryption().getStatus();
            boolean enabling = StreamEncryption.ENABLING.equals(from);
            String to = enabling ? StreamEncryption.ENABLED : StreamEncryption.DISABLED;
            int keyCount = stream.getEncryption().getKeys().size();
            try {
                if (enabling) {
                    connect.putConnector(stream.getConnectorName(), connectorConfig(stream));
                }
                store.update(
                                name,
                                stream.getIncarnation(),
                                s -> s.getEncryption() == null
                                                || !from.equals(
                                                        s.getEncryption().getStatus())
                                                || s.getEncryption().getKeys().size() != keyCount
                                        ? null
                                        : DeliveryStreamMetadata.newBuilder(s)
                                                .setEncryption(DeliveryStreamEncryption.newBuilder(s.getEncryption())
                                                        .setStatus(to)
                                                        .build())
                                                .build())
                        .get(60, TimeUnit.SECONDS);
                LOG.info("Delivery stream {}: encryption {} ({} data keys)", name, to, keyCount);
            } catch (InterruptedException e) {
                // This gateway is stopping: another one resumes the change after the step timeout.
                Thread.currentThread().interrupt();
                LOG.info("Delivery stream {}: encryption change interrupted by shutdown, left to be resumed", name);
            } catch (Exception e) {
                String failed = enabling ? StreamEncryption.ENABLING_FAILED : "DISABLING_FAILED";
                String reason = e instanceof ExecutionException && e.getCause() != null
                        ? e.getCause().getMessage()
                        : e.getMessage();
                LOG.warn("Delivery stream {}: encryption {}: {}", name, failed, reason);
                store.update(
                        name,
                        stream.getIncarnation(),
                        s -> s.getEncryption() == null
                                        || !from.equals(s.getEncryption().getStatus())
                                ? null
                                : DeliveryStreamMetadata.newBuilder(s)
                                        .setEncryption(DeliveryStreamEncryption.newBuilder(s.getEncryption())
                                                .setStatus(failed)
                                                .setFailureDetails(String.valueOf(reason))
                                                .build())
                                        .build());
            }
        });
    }

    /**
     * The connector's configuration: the stored request translated, with the stream's current VersionId, its tasks
     * and consumer sizing ({@link ConnectorSizing}) and, once encryption was ever started, every data key (a
     * PASSWORD setting: Connect hides it in logs).
     */
    private Map<String, String> connectorConfig(DeliveryStreamMetadata stream) throws Exception {
        Map<String, String> connector = DeliveryStreamTranslator.translate(
                json.readTree(stream.getRequest()), config.environment().forStoredStream(), tables);
        connector.put(StreamKeys.DELIVERY_STREAM_VERSION, Long.toString(stream.getVersionId()));
        config.connectorSizing()
                .apply(
                        connector,
                        "DirectPut".equals(stream.getDeliveryStreamType())
                                ? config.directPutPartitions(throughputHint(stream))
                                : 0);
        // Records of an encrypted Kinesis source, or sealed under a customer managed key, open with KMS Decrypt.
        connector.putAll(config.connectorKmsSettings());
        Map<Integer, byte[]> keys = encryption.dataKeys(stream);
        if (!keys.isEmpty()) {
            connector.put(DeliveryKeys.ENCRYPTION_DATA_KEYS, DataKeys.format(keys));
        }
        return connector;
    }

    private Integer throughputHint(DeliveryStreamMetadata stream) throws java.io.IOException {
        JsonNode hint = json.readTree(stream.getRequest())
                .path("DirectPutSourceConfiguration")
                .path("ThroughputHintInMBs");
        return hint.isInt() ? hint.asInt() : null;
    }

    void retire(DeliveryStreamMetadata stream) {
        executor.execute(() -> {
            String name = stream.getName();
            try {
                connect.deleteConnector(stream.getConnectorName());
                if ("DirectPut".equals(stream.getDeliveryStreamType())) {
                    deleteTopic(stream.getSourceTopic());
                }
                forgetHealth(name);
                DeliveryStreamMetadata current = store.stream(name).orElse(null);
                if (current != null && current.getIncarnation().equals(stream.getIncarnation())) {
                    store.remove(current).get(60, TimeUnit.SECONDS);
                }
                LOG.info("Delivery stream {} deleted", name);
            } catch (Exception e) {
                fail(stream, DeliveryStreamStatus.DELETING_FAILED, e);
            }
        });
    }

    /** A deleted stream's delivery health goes too; left behind, it would only age out (never worth failing for). */
    private void forgetHealth(String name) throws InterruptedException {
        try {
            health.forget(name).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Delivery stream {}: its delivery health records were not removed: {}", name, e.toString());
        }
    }

    private void fail(DeliveryStreamMetadata stream, DeliveryStreamStatus status, Exception error) {
        if (error instanceof InterruptedException) {
            // This gateway is stopping: the step is not failed, another gateway resumes it after its timeout.
            Thread.currentThread().interrupt();
            LOG.info("Delivery stream {}: step interrupted by shutdown, left to be resumed", stream.getName());
            return;
        }
        String reason = error instanceof ExecutionException && error.getCause() != null
                ? error.getCause().getMessage()
                : error.getMessage();
        LOG.warn("Delivery stream {} is {}: {}", stream.getName(), status, reason);
        DeliveryStreamStatus from = status == DeliveryStreamStatus.CREATING_FAILED
                ? DeliveryStreamStatus.CREATING
                : DeliveryStreamStatus.DELETING;
        store.update(
                stream.getName(),
                stream.getIncarnation(),
                s -> s.getStatus() != from ? null : withStatus(s, status, String.valueOf(reason)));
    }

    private static DeliveryStreamMetadata withStatus(
            DeliveryStreamMetadata s, DeliveryStreamStatus status, String failure) {
        return DeliveryStreamMetadata.newBuilder(s)
                .setStatus(status)
                .setFailureDetails(failure)
                .build();
    }

    private void createTopic(String topic, int partitions) throws Exception {
        try {
            admin.createTopics(
                            List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void deleteTopic(String topic) throws Exception {
        try {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
    }
}
