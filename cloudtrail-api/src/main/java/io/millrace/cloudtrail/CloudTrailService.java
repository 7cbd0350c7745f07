package io.millrace.cloudtrail;

import io.millrace.cloudtrail.api.CloudTrailApi;
import io.millrace.cloudtrail.event.CloudTrailEvents;
import io.millrace.cloudtrail.log.AuditTopic;
import io.millrace.cloudtrail.log.AuditTopicReader;
import io.millrace.cloudtrail.log.AuditTopicWriter;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.protocol.AwsService;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail and the CloudTrail API, hosted by a {@link io.millrace.gateway.Gateway}: give
 * {@link #auditTrail()} to the gateway so that every call it answers is first written to the audit topic, and serve
 * {@link #apis()} to read them back. Start it before the gateway, with the gateway's Kafka client properties; close
 * it after.
 */
public final class CloudTrailService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(CloudTrailService.class);

    private final Deque<AutoCloseable> resources;
    private final AuditTopicWriter writer;
    private final AwsService api;

    private CloudTrailService(Deque<AutoCloseable> resources, AuditTopicWriter writer, AwsService api) {
        this.resources = resources;
        this.writer = writer;
        this.api = api;
    }

    public static CloudTrailService start(CloudTrailConfig config, Map<String, Object> kafkaClientProps)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            String topic = config.getString(CloudTrailConfig.TOPIC);
            Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClientProps);
            adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-cloudtrail-admin");
            try (Admin admin = Admin.create(adminProps)) {
                AuditTopic.ensure(
                        admin,
                        topic,
                        config.getInt(CloudTrailConfig.TOPIC_PARTITIONS),
                        config.getLong(CloudTrailConfig.RETENTION_MS));
            }
            boolean dataEvents = config.getBoolean(CloudTrailConfig.DATA_EVENTS);
            AuditTopicWriter writer = new AuditTopicWriter(
                    kafkaClientProps,
                    topic,
                    new CloudTrailEvents(dataEvents),
                    config.getInt(CloudTrailConfig.LINGER_MS));
            resources.push(writer);
            AuditTopicReader reader = new AuditTopicReader(kafkaClientProps, topic);
            resources.push(reader);
            ExecutorService readers = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "millrace-cloudtrail-lookup");
                thread.setDaemon(true);
                return thread;
            });
            resources.push(readers::shutdownNow);
            AwsService api = CloudTrailApi.actions(reader, readers, Clock.systemUTC());
            LOG.info(
                    "Audit trail ready: every call recorded in {} (management events{})",
                    topic,
                    dataEvents ? " and data events" : "");
            return new CloudTrailService(resources, writer, api);
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the CloudTrail API");
            throw e;
        }
    }

    /** What the gateway records every call in, before it answers. */
    public AuditTrail auditTrail() {
        return writer;
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api);
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the CloudTrail API");
    }
}
