package io.millrace.firehose.state;

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
 * The platform's compacted topics of delivery state (segment log, delivery health), created as the gateway creates
 * its own: one partition, replication up to 3, {@code min.insync.replicas} up to 2. Whoever needs one first (a
 * gateway at start, a task at start) creates it; an existing topic is left as it is.
 */
public final class StateTopics {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopics.class);

    private StateTopics() {}

    public static void ensureCompacted(Admin admin, String topic) throws Exception {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic newTopic = new NewTopic(topic, 1, replication)
                .configs(Map.of(
                        "cleanup.policy", "compact",
                        "min.insync.replicas", String.valueOf(Math.min(2, (int) replication)),
                        // Roll segments hourly so tombstoned entries are compacted away within hours, not a week.
                        "segment.ms", String.valueOf(Duration.ofHours(1).toMillis())));
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created compacted topic {} (replication {})", topic, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
