package io.millrace.cloudtrail;

import io.millrace.cloudtrail.api.CloudTrailApi;
import io.millrace.cloudtrail.delivery.TrailDeliveries;
import io.millrace.cloudtrail.event.CloudTrailEvents;
import io.millrace.cloudtrail.log.AuditTopic;
import io.millrace.cloudtrail.log.AuditTopicReader;
import io.millrace.cloudtrail.log.AuditTopicWriter;
import io.millrace.cloudtrail.s3.TrailBuckets;
import io.millrace.cloudtrail.trail.TrailStore;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.config.S3Settings;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.store.VersionedTopic;
import java.time.Clock;
import java.time.Duration;
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
 * {@link #apis()} to read them back and manage trails, whose deliveries to S3 this gateway takes part in. Start it before the gateway, with the gateway's Kafka client properties; close
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

    /**
     * @param s3 the platform's S3 store, the one the Firehose API delivers to (trails deliver to its buckets)
     */
    public static CloudTrailService start(
            CloudTrailConfig config,
            Map<String, Object> kafkaClientProps,
            String region,
            String accountId,
            S3Settings.S3Connection s3)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            String topic = config.getString(CloudTrailConfig.TOPIC);
            Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClientProps);
            adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-cloudtrail-admin");
            Admin admin = Admin.create(adminProps);
            resources.push(admin);
            AuditTopic.ensure(
                    admin,
                    topic,
                    config.getInt(CloudTrailConfig.TOPIC_PARTITIONS),
                    config.getLong(CloudTrailConfig.RETENTION_MS));
            VersionedTopic trailsTopic = new VersionedTopic(
                    kafkaClientProps, admin, config.getString(CloudTrailConfig.TRAILS_TOPIC), "millrace-cloudtrail");
            resources.push(trailsTopic);
            TrailStore trails = new TrailStore(trailsTopic);
            trailsTopic.start(Duration.ofSeconds(60));
            TrailBuckets buckets = new TrailBuckets(s3);
            resources.push(buckets);
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
            ExecutorService writers = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "millrace-cloudtrail-trails");
                thread.setDaemon(true);
                return thread;
            });
            resources.push(writers::shutdownNow);
            AwsService api = CloudTrailApi.actions(
                    reader,
                    readers,
                    new CloudTrailApi.TrailSetting(trails, buckets, region, accountId),
                    writers,
                    Clock.systemUTC());
            TrailDeliveries deliveries = new TrailDeliveries(
                    kafkaClientProps,
                    topic,
                    trails,
                    buckets,
                    Duration.ofMillis(config.getLong(CloudTrailConfig.DELIVERY_PERIOD_MS)),
                    Clock.systemUTC());
            resources.push(deliveries);
            deliveries.start();
            LOG.info(
                    "Audit trail ready: every call recorded in {} (management events{}), {} trails",
                    topic,
                    dataEvents ? " and data events" : "",
                    trails.trails().size());
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
