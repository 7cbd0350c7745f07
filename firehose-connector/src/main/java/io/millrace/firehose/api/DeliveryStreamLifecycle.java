package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.DeliveryStreamTranslator;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.kinesis.protocol.ApiException;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final FirehoseApiConfig config;
    private final DeliveryStreamStore store;
    private final ConnectClient connect;
    private final Admin admin;
    private final ExecutorService executor;
    /** DataFormatConversionConfiguration's table is resolved again whenever the connector configuration is made. */
    private final CatalogTables tables;
    private final ObjectMapper json = new ObjectMapper();

    DeliveryStreamLifecycle(FirehoseApiConfig config, DeliveryStreamStore store, ConnectClient connect, Admin admin,
            ExecutorService executor, CatalogTables tables) {
        this.tables = tables;
        this.config = config;
        this.store = store;
        this.connect = connect;
        this.admin = admin;
        this.executor = executor;
    }

    void activate(DeliveryStreamMetadata stream) {
        executor.execute(() -> {
            String name = stream.getName();
            try {
                Map<String, String> connector = connectorConfig(stream);
                if ("DirectPut".equals(stream.getDeliveryStreamType())) {
                    createTopic(stream.getSourceTopic());
                }
                connect.putConnector(stream.getConnectorName(), connector);
                store.update(name, stream.getIncarnation(), s -> withStatus(s, DeliveryStreamStatus.ACTIVE, null))
                        .get(60, TimeUnit.SECONDS);
                LOG.info("Delivery stream {} active: connector {} reads topic {}", name, stream.getConnectorName(),
                        stream.getSourceTopic());
            } catch (Exception e) {
                fail(stream, DeliveryStreamStatus.CREATING_FAILED, e);
            }
        });
    }

    /** Gives the running connector the stream's current configuration (after UpdateDestination). */
    CompletableFuture<Void> reconfigure(DeliveryStreamMetadata stream) {
        return CompletableFuture.runAsync(() -> {
            try {
                connect.putConnector(stream.getConnectorName(), connectorConfig(stream));
                LOG.info("Delivery stream {} updated to version {}", stream.getName(), stream.getVersionId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } catch (Exception e) {
                LOG.warn("Delivery stream {} version {} not applied to its connector: {}", stream.getName(),
                        stream.getVersionId(), e.getMessage());
                throw new CompletionException(new ApiException("ServiceUnavailableException", 503,
                        "The destination was updated but Kafka Connect did not take the new configuration yet: "
                                + e.getMessage()));
            }
        }, executor);
    }

    /** The connector's configuration: the stored request translated, with the stream's current VersionId. */
    private Map<String, String> connectorConfig(DeliveryStreamMetadata stream) throws java.io.IOException {
        Map<String, String> connector = DeliveryStreamTranslator.translate(json.readTree(stream.getRequest()),
                config.environment(), tables);
        connector.put(FirehoseSinkConfig.DELIVERY_STREAM_VERSION, Long.toString(stream.getVersionId()));
        return connector;
    }

    void retire(DeliveryStreamMetadata stream) {
        executor.execute(() -> {
            String name = stream.getName();
            try {
                connect.deleteConnector(stream.getConnectorName());
                if ("DirectPut".equals(stream.getDeliveryStreamType())) {
                    deleteTopic(stream.getSourceTopic());
                }
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

    private void fail(DeliveryStreamMetadata stream, DeliveryStreamStatus status, Exception error) {
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = error instanceof ExecutionException && error.getCause() != null
                ? error.getCause().getMessage() : error.getMessage();
        LOG.warn("Delivery stream {} is {}: {}", stream.getName(), status, reason);
        store.update(stream.getName(), stream.getIncarnation(), s -> withStatus(s, status, String.valueOf(reason)));
    }

    private static DeliveryStreamMetadata withStatus(DeliveryStreamMetadata s, DeliveryStreamStatus status,
            String failure) {
        return DeliveryStreamMetadata.newBuilder(s).setStatus(status).setFailureDetails(failure).build();
    }

    private void createTopic(String topic) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(
                    config.getInt(FirehoseApiConfig.DIRECT_PUT_PARTITIONS)), java.util.Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
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
