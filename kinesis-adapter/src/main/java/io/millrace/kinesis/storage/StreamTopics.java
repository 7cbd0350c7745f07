package io.millrace.kinesis.storage;

import io.millrace.gateway.kafka.OffsetLookups;
import io.millrace.kinesis.model.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka topics behind streams: created, resized, reconfigured and deleted through the Admin client; their
 * offsets looked up by {@link OffsetLookups}, which follows a partition's new leader at once after a broker dies.
 */
public final class StreamTopics {

    /**
     * Largest Kafka message a stream topic accepts: Kinesis records reach 10 MiB of data plus a 256-character
     * partition key (UpdateMaxRecordSize); the rest is batch overhead.
     */
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024 + 64 * 1024;

    /**
     * How every Kinesis reader (GetRecords, SubscribeToShard) reads a stream's topic: a Kafka writer using
     * transactions (Flink's exactly-once sink) is acknowledged at commit, so its records appear then, and an aborted
     * transaction's records never. Kafka's default, read_uncommitted, would show both.
     */
    public static final String READ_ISOLATION = "read_committed";

    private final Admin admin;
    private final TopicReplication replication;
    private final OffsetLookups offsets;

    public StreamTopics(Admin admin, TopicReplication replication, OffsetLookups offsets) {
        this.admin = admin;
        this.replication = replication;
        this.offsets = offsets;
    }

    /**
     * Creates the topic; an existing topic with the same partition count counts as done (a retried creation). One
     * with another count is a {@link TopicTakenException}, as is a name Kafka refuses because it collides with an
     * existing topic once '.' and '_' are unified ({@code a.b} and {@code a_b} share metric names).
     */
    public CompletableFuture<Void> create(String topic, int partitions, long retentionMs) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.of(replication.factor()))
                .configs(Map.of(
                        "min.insync.replicas", String.valueOf(replication.minInsyncReplicas()),
                        "retention.ms", String.valueOf(retentionMs),
                        "segment.ms", String.valueOf(segmentMs(retentionMs)),
                        "cleanup.policy", "delete",
                        "message.timestamp.type", "CreateTime",
                        "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
        return admin.createTopics(List.of(newTopic))
                .all()
                .toCompletionStage()
                .toCompletableFuture()
                .exceptionallyCompose(error -> {
                    if (unwrap(error) instanceof TopicExistsException) {
                        return partitionCount(topic).thenAccept(count -> {
                            if (count.isPresent() && count.get() != partitions) {
                                throw new TopicTakenException("Topic " + topic + " exists with " + count.get()
                                        + " partitions, not " + partitions);
                            }
                        });
                    }
                    if (unwrap(error) instanceof InvalidTopicException) {
                        return names().thenAccept(existing -> {
                            if (existing.stream().anyMatch(other -> TopicNames.collide(other, topic))) {
                                throw new TopicTakenException(unwrap(error).getMessage());
                            }
                            throw new CompletionException(unwrap(error));
                        });
                    }
                    return CompletableFuture.failedFuture(error);
                });
    }

    /**
     * Kafka deletes whole segments only, once their newest record is older than {@code retention.ms}; a segment
     * rolls after {@code segment.ms} (7 days by default), so with the default a record could stay readable for a
     * week past a 24-hour retention. Kinesis makes data inaccessible once it is older than the retention period,
     * so segments roll every 1/24 of it: a record outlives the period by at most that (one hour for 24 hours, about
     * 4%), plus the broker's retention check interval (5 minutes by default). Smaller segments would cost open
     * files and index memory per partition for little gain.
     */
    public static long segmentMs(long retentionMs) {
        return Math.max(1, retentionMs / 24);
    }

    /** Every topic of the cluster, internal ones included. */
    public CompletableFuture<Set<String>> names() {
        return admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .toCompletionStage()
                .toCompletableFuture();
    }

    /** The topic's retention.ms and segment.ms, as the broker reports them. */
    public CompletableFuture<Map<String, String>> retentionConfig(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .toCompletionStage()
                .toCompletableFuture()
                .thenApply(configs -> {
                    Config config = configs.get(resource);
                    Map<String, String> values = new HashMap<>();
                    for (String key : List.of("retention.ms", "segment.ms")) {
                        ConfigEntry entry = config.get(key);
                        values.put(key, entry == null ? null : entry.value());
                    }
                    return values;
                });
    }

    /**
     * Waits, up to {@code timeout}, until the leader of every partition of a new topic serves it (a ListOffsets
     * answers): Kafka reports a topic created before its brokers have loaded the partitions, and a produce in that
     * window gets NOT_LEADER_OR_FOLLOWER, which once left the gateway's idempotent producer retrying an out-of-order
     * sequence until its delivery timeout. Returns whether the topic is ready; the caller goes on either way.
     */
    public boolean awaitServed(String topic, int partitions, Duration timeout) throws InterruptedException {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                offsets.ends(all).get();
                return true;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
    }

    public CompletableFuture<Optional<Integer>> partitionCount(String topic) {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .toCompletionStage()
                .toCompletableFuture()
                .thenApply(map -> {
                    TopicDescription description = map.get(topic);
                    return description == null
                            ? Optional.<Integer>empty()
                            : Optional.of(description.partitions().size());
                })
                .exceptionally(error -> {
                    if (unwrap(error) instanceof UnknownTopicOrPartitionException) {
                        return Optional.empty();
                    }
                    throw new IllegalStateException(unwrap(error));
                });
    }

    /**
     * Grows the topic to at least {@code partitions}: the partitions of a reshard's children, created before the
     * shard map names them. A topic already that large (a reshard retried after a crash, or a concurrent gateway)
     * counts as done; its extra partitions hold no records, since no shard routes to them yet.
     */
    public CompletableFuture<Void> ensurePartitions(String topic, int partitions) {
        return partitionCount(topic).thenCompose(count -> {
            if (count.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("Topic " + topic + " is missing"));
            }
            if (count.get() >= partitions) {
                return CompletableFuture.completedFuture(null);
            }
            return admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions)))
                    .all()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .exceptionallyCompose(error -> unwrap(error) instanceof InvalidPartitionsException
                            ? partitionCount(topic).thenAccept(now -> {
                                if (now.orElse(0) < partitions) {
                                    throw new IllegalStateException(unwrap(error));
                                }
                            })
                            : CompletableFuture.failedFuture(error));
        });
    }

    public CompletableFuture<Boolean> exists(String topic) {
        return partitionCount(topic).thenApply(Optional::isPresent);
    }

    /** Sets retention.ms and the segment.ms that goes with it ({@link #segmentMs}) in one config change. */
    public CompletableFuture<Void> setRetention(String topic, long retentionMs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(
                        new ConfigEntry("retention.ms", String.valueOf(retentionMs)), AlterConfigOp.OpType.SET),
                new AlterConfigOp(
                        new ConfigEntry("segment.ms", String.valueOf(segmentMs(retentionMs))),
                        AlterConfigOp.OpType.SET));
        return admin.incrementalAlterConfigs(Map.of(resource, ops))
                .all()
                .toCompletionStage()
                .toCompletableFuture();
    }

    /** The log end of a shard's partition: where LATEST starts, and a closing shard's end offset. */
    public CompletableFuture<Long> endOffset(String topic, int partition) {
        return offsets.end(new TopicPartition(topic, partition));
    }

    /**
     * The offset of the first record at or after {@code timestamp} (epoch milliseconds, not negative), or the log's
     * end when there is none, as AT_TIMESTAMP in the future reads like LATEST.
     */
    public CompletableFuture<Long> offsetAtTime(String topic, int partition, long timestamp) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return offsets.firstAtOrAfter(tp, timestamp)
                .thenCompose(offset -> offset >= 0 ? CompletableFuture.completedFuture(offset) : offsets.end(tp));
    }

    /** Deletes the topic; a topic already gone counts as done. */
    public CompletableFuture<Void> delete(String topic) {
        return admin.deleteTopics(List.of(topic))
                .all()
                .toCompletionStage()
                .toCompletableFuture()
                .exceptionallyCompose(error -> unwrap(error) instanceof UnknownTopicOrPartitionException
                        ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(error));
    }

    /** The topic name is taken: by a topic with other partitions, or one Kafka deems colliding with it. */
    public static final class TopicTakenException extends RuntimeException {
        TopicTakenException(String message) {
            super(message);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
