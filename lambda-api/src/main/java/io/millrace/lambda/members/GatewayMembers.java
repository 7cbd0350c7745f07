package io.millrace.lambda.members;

import io.millrace.lambda.invoke.ConcurrencyShares;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live gateways of a Lambda deployment, as the members of one Kafka consumer group ({@code
 * millrace-lambda-gateways-<lambda topic>}): each gateway's member joins it (subscribed to the Lambda topic, its
 * partition paused: nothing is read), and every second the group's description, once stable, gives the sorted
 * member ids and this gateway's place among them, from which {@link ConcurrencyShares#share} takes its part of each
 * limit. A gateway that stops leaves the group at once; one that dies leaves it when its session ends ({@link
 * #SESSION_MS}). Until the group is first seen stable with this gateway in it, the gateway counts itself alone.
 */
public final class GatewayMembers implements ConcurrencyShares, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMembers.class);
    /** The broker's least session (group.min.session.timeout.ms, 6 s by default): a dead gateway's share is back soon. */
    static final int SESSION_MS = 6_000;

    private static final long POLL_MS = 200;
    private static final long DESCRIBE_MS = 1_000;

    /** This gateway's place among the members: {@code index} of {@code count}. */
    private record View(int index, int count) {}

    private final String group;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final Thread member;
    private final Thread watcher;
    private volatile String memberId = "";
    private volatile View view;
    private volatile boolean running = true;

    private GatewayMembers(Map<String, Object> clientProps, String group, String topic) {
        this.group = group;
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-lambda-member");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_MS);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> adminProps = new HashMap<>(clientProps);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-lambda-members");
        this.admin = Admin.create(adminProps);
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Membership is all this consumer is for.
                consumer.pause(partitions);
            }
        });
        this.member = new Thread(this::stayMember, "millrace-lambda-member");
        this.watcher = new Thread(this::watch, "millrace-lambda-members");
        member.setDaemon(true);
        watcher.setDaemon(true);
    }

    /**
     * Joins the group of the gateways sharing {@code lambdaTopic} and waits (up to {@code timeout}) to see itself
     * among its members; past that it counts itself alone until it does, with a log line.
     */
    public static GatewayMembers join(Map<String, Object> clientProps, String lambdaTopic, Duration timeout)
            throws InterruptedException {
        GatewayMembers members =
                new GatewayMembers(clientProps, "millrace-lambda-gateways-" + lambdaTopic, lambdaTopic);
        members.member.start();
        members.watcher.start();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (members.view == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        View seen = members.view;
        if (seen == null) {
            // Expected after a kill -9: the group waits for the dead member's session before it is stable.
            LOG.info(
                    "Not yet seen in group {} after {} ms: counting this gateway alone meanwhile",
                    members.group,
                    timeout.toMillis());
        } else {
            LOG.info("Gateway {} of {} in group {}", seen.index() + 1, seen.count(), members.group);
        }
        return members;
    }

    @Override
    public int shareOf(int limit, String key) {
        View seen = view;
        return seen == null ? limit : ConcurrencyShares.share(limit, key, seen.index(), seen.count());
    }

    /** How many gateways share the limits as this one sees it (1 until it has seen the group). */
    public int count() {
        View seen = view;
        return seen == null ? 1 : seen.count();
    }

    private void stayMember() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(POLL_MS));
                memberId = consumer.groupMetadata().memberId();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("Gateway membership in {} failed: {}", group, e.toString());
        } finally {
            // Leaving at once hands this gateway's shares to the others now rather than after its session.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void watch() {
        while (running) {
            try {
                describe();
                Thread.sleep(DESCRIBE_MS);
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debug("Describing group {}: {}", group, e.toString());
            }
        }
    }

    /** Takes the group's members while it is stable; during a rebalance the last view stands. */
    private void describe() throws InterruptedException, ExecutionException, TimeoutException {
        String me = memberId;
        if (me.isEmpty()) {
            return;
        }
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                .all()
                .get(5, TimeUnit.SECONDS)
                .get(group);
        if (description == null || description.groupState() != GroupState.STABLE) {
            return;
        }
        List<String> ids = description.members().stream()
                .map(MemberDescription::consumerId)
                .sorted()
                .toList();
        int index = ids.indexOf(me);
        if (index < 0) {
            return;
        }
        View next = new View(index, ids.size());
        View before = view;
        if (!next.equals(before)) {
            view = next;
            if (before != null) {
                LOG.info(
                        "Lambda gateways in {}: {} (this one {}), concurrency shares recomputed",
                        group,
                        ids.size(),
                        index + 1);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        watcher.interrupt();
        try {
            member.join(10_000);
            watcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
