package io.millrace.cloudtrail.log;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit topic: created on first start, replicated like the platform's other topics (up to 3 copies,
 * {@code min.insync.replicas} 2 when there are 3), timestamps the producer's (the event times, which LookupEvents
 * seeks by), and kept for the trail's retention, never compacted: events are never replaced.
 */
public final class AuditTopic {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTopic.class);

    private AuditTopic() {}

    public static void ensure(Admin admin, String topic, int partitions, long retentionMs) throws Exception {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic newTopic = new NewTopic(topic, partitions, replication)
                .configs(Map.of(
                        "cleanup.policy",
                        "delete",
                        "retention.ms",
                        String.valueOf(retentionMs),
                        "message.timestamp.type",
                        "CreateTime",
                        "min.insync.replicas",
                        String.valueOf(Math.min(2, (int) replication))));
        try {
            admin.createTopics(List.of(newTopic))
                    .all()
                    .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
            LOG.info("Created audit topic {} ({} partitions, replication {})", topic, partitions, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
