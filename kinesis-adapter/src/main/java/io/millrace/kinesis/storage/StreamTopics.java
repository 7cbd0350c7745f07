package io.millrace.kinesis.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The Kafka topics behind streams: created, resized, reconfigured and deleted through the Admin client. */
public final class StreamTopics {

    /**
     * Largest Kafka message a stream topic accepts: Kinesis records reach 10 MiB of data plus a 256-character
     * partition key (UpdateMaxRecordSize); the rest is batch overhead.
     */
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024 + 64 * 1024;

    private final Admin admin;
    private final Optional<Short> replicationFactor;

    public StreamTopics(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
    }

    /** Creates the topic; an existing topic with the same partition count counts as done (a retried creation). */
    public CompletableFuture<Void> create(String topic, int partitions, long retentionMs) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replicationFactor).configs(Map.of(
                "retention.ms", String.valueOf(retentionMs),
                "cleanup.policy", "delete",
                "message.timestamp.type", "CreateTime",
                "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
        return admin.createTopics(List.of(newTopic)).all().toCompletionStage().toCompletableFuture()
                .exceptionallyCompose(error -> {
                    if (unwrap(error) instanceof TopicExistsException) {
                        return partitionCount(topic).thenAccept(count -> {
                            if (count.isPresent() && count.get() != partitions) {
                                throw new IllegalStateException("Topic " + topic + " exists with " + count.get()
                                        + " partitions, not " + partitions);
                            }
                        });
                    }
                    return CompletableFuture.failedFuture(error);
                });
    }

    public CompletableFuture<Optional<Integer>> partitionCount(String topic) {
        return admin.describeTopics(List.of(topic)).allTopicNames().toCompletionStage().toCompletableFuture()
                .thenApply(map -> {
                    TopicDescription description = map.get(topic);
                    return description == null ? Optional.<Integer>empty()
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
            return admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                    .toCompletionStage().toCompletableFuture()
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

    public CompletableFuture<Void> setRetention(String topic, long retentionMs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry("retention.ms", String.valueOf(retentionMs)),
                AlterConfigOp.OpType.SET);
        return admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all()
                .toCompletionStage().toCompletableFuture();
    }

    /**
     * The offset a shard iterator starts from: the log's end for {@code latest}, or the first record at or after a
     * time (the log's end when there is none, as AT_TIMESTAMP in the future reads like LATEST).
     */
    public CompletableFuture<Long> offsetAt(String topic, int partition, OffsetSpec spec) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).toCompletionStage().toCompletableFuture()
                .thenCompose(info -> info.offset() >= 0 ? CompletableFuture.completedFuture(info.offset())
                        : offsetAt(topic, partition, OffsetSpec.latest()));
    }

    /** Deletes the topic; a topic already gone counts as done. */
    public CompletableFuture<Void> delete(String topic) {
        return admin.deleteTopics(List.of(topic)).all().toCompletionStage().toCompletableFuture()
                .exceptionallyCompose(error -> unwrap(error) instanceof UnknownTopicOrPartitionException
                        ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(error));
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
