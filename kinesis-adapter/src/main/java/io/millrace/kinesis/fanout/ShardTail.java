package io.millrace.kinesis.fanout;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.api.RecordOpener;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.storage.ReadPrefetchBudget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka reader of a shard (of one stream incarnation) that every subscription of this gateway at the shard's
 * tail shares: it fetches as a subscription's own reader would (same settings, a fetch size leased from the prefetch
 * budget), opens (decrypts) each record once, and keeps the latest in a {@link TailWindow} whose bound is leased from
 * the same budget. {@link ShardTails} counts its subscribers and retires it once it was idle for a while.
 */
final class ShardTail {

    private static final Logger LOG = LoggerFactory.getLogger(ShardTail.class);
    /**
     * The first subscriber this close to the shard's end (in offsets) starts the tail at its own position, so it
     * reads from the window at once; one further behind starts it at the end and catches up with its own reader.
     */
    static final long START_SLACK_OFFSETS = 1_000;
    /** How long the tail waits for the broker's end offset before it gives up (its subscribers read alone). */
    private static final Duration END_OFFSET_TIMEOUT = Duration.ofSeconds(5);

    final ShardTails.Key key;
    private final KinesisBackend backend;
    private final ShardTails registry;
    private final TopicPartition partition;
    /** Subscriptions holding the tail, and since when it has none; guarded by the registry. */
    int subscribers;

    long idleSinceMillis;
    private TailWindow window;

    ShardTail(ShardTails.Key key, KinesisBackend backend, ShardTails registry, TopicPartition partition) {
        this.key = key;
        this.backend = backend;
        this.registry = registry;
        this.partition = partition;
    }

    /**
     * The tail's window, starting the tail for the first subscriber (at {@code position}, see
     * {@link #START_SLACK_OFFSETS}). A tail that cannot start answers a closed window: its subscribers read alone.
     */
    synchronized TailWindow start(long position, Executor executor) {
        if (window != null) {
            return window;
        }
        ReadPrefetchBudget budget = backend.readers().budget();
        int fetchBytes = budget.lease(FanOutRate.BYTES_PER_SECOND);
        int windowBytes = budget.lease(backend.config().getLong(KinesisConfig.FANOUT_WINDOW_BYTES));
        KafkaConsumer<byte[], byte[]> consumer = null;
        try {
            consumer = FanOutReaders.open(
                    backend,
                    "millrace-fanout-tail-" + key.stream() + "-" + key.shardIndex(),
                    (int) FanOutReaders.POLL.toMillis(),
                    fetchBytes);
            consumer.assign(List.of(partition));
            long end =
                    consumer.endOffsets(List.of(partition), END_OFFSET_TIMEOUT).get(partition);
            long from = position <= end && position >= end - START_SLACK_OFFSETS ? position : end;
            consumer.seek(partition, from);
            window = new TailWindow(windowBytes, from);
            KafkaConsumer<byte[], byte[]> reader = consumer;
            executor.execute(() -> run(reader, fetchBytes, windowBytes));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Shard tail of {} {} did not start, its subscriptions read alone: {}",
                    key.stream(),
                    ShardId.format(key.shardIndex()),
                    e.toString());
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            giveBack(fetchBytes, windowBytes);
            window = new TailWindow(windowBytes, position);
            window.close();
        }
        return window;
    }

    /** Fetches into the window until the registry retires the tail, then gives back what it leased. */
    private void run(KafkaConsumer<byte[], byte[]> consumer, int fetchBytes, int windowBytes) {
        try (consumer) {
            while (!registry.retireIfIdle(this)) {
                List<ConsumerRecord<byte[], byte[]>> fetched =
                        consumer.poll(FanOutReaders.POLL).records(partition);
                if (!fetched.isEmpty()) {
                    fetched = RecordOpener.open(backend, fetched, data -> data);
                }
                window.append(fetched, consumer.position(partition), consumer.currentLag(partition));
            }
        } catch (ApiException e) {
            // A KMS error of an encrypted stream: its subscriptions end with it, as their own reader would end.
            window.fail(e);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Shard tail of {} {} stopped, its subscriptions read alone: {}",
                    key.stream(),
                    ShardId.format(key.shardIndex()),
                    e.toString());
        } finally {
            window.close();
            giveBack(fetchBytes, windowBytes);
        }
    }

    /** Leaves the registry (a new subscription starts a new tail) and gives back the tail's leases. */
    private void giveBack(int fetchBytes, int windowBytes) {
        registry.remove(this);
        backend.readers().budget().release(fetchBytes);
        backend.readers().budget().release(windowBytes);
    }
}
