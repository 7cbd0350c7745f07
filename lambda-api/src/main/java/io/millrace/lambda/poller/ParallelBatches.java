package io.millrace.lambda.poller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * ParallelizationFactor above 1: a shard's records run as up to that many concurrent batches, each record in the
 * batch of its partition key (AWS, "Polling and batching streams": "Lambda ... processes records with the same
 * partition key in order"), so one key's records keep their order and wait for each other's retries while the
 * other keys go on. The shard's checkpoint is the first record not yet settled in any lane, committed on the
 * poller's thread (its consumer is not shared) as the lanes progress.
 */
final class ParallelBatches implements AutoCloseable {

    private static final long PROGRESS_MS = 100;

    private final int factor;
    private final int batchSize;
    private final BatchRunner runner;
    private final ExecutorService threads;

    ParallelBatches(int factor, int batchSize, BatchRunner runner, String name) {
        this.factor = factor;
        this.batchSize = batchSize;
        this.runner = runner;
        this.threads = Executors.newFixedThreadPool(factor, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many records one round of the shard may take: a batch per lane. */
    int roundRecords() {
        return batchSize * factor;
    }

    /** @return true once every record is settled; false when the poller stopped before */
    boolean run(
            KinesisEvents.Source source,
            List<ConsumerRecord<byte[], byte[]>> records,
            BatchRunner.Checkpoint checkpoint)
            throws InterruptedException {
        List<List<ConsumerRecord<byte[], byte[]>>> lanes = new ArrayList<>();
        for (int i = 0; i < factor; i++) {
            lanes.add(new ArrayList<>());
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            int lane = record.key() == null ? 0 : Math.floorMod(Arrays.hashCode(record.key()), factor);
            lanes.get(lane).add(record);
        }
        List<AtomicLong> settled = new ArrayList<>();
        List<CompletableFuture<Boolean>> running = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> lane : lanes) {
            AtomicLong next = new AtomicLong(-1);
            settled.add(next);
            if (!lane.isEmpty()) {
                running.add(CompletableFuture.supplyAsync(() -> runLane(source, lane, next), threads));
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
        long committed = -1;
        while (true) {
            boolean done;
            try {
                all.get(PROGRESS_MS, TimeUnit.MILLISECONDS);
                done = true;
            } catch (TimeoutException e) {
                done = false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("A lane of the shard failed", e.getCause());
            }
            long safe = safeOffset(lanes, settled, records);
            if (safe > committed) {
                checkpoint.commit(safe);
                committed = safe;
            }
            if (done) {
                return running.stream().allMatch(CompletableFuture::join);
            }
        }
    }

    private Boolean runLane(
            KinesisEvents.Source source, List<ConsumerRecord<byte[], byte[]>> lane, AtomicLong settled) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> left = new ArrayDeque<>(lane);
        try {
            while (!left.isEmpty()) {
                List<ConsumerRecord<byte[], byte[]>> batch =
                        BatchLimits.take(left, batchSize, BatchLimits.MAX_BATCH_BYTES);
                if (!runner.run(source, batch, settled::set)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * The offset after which nothing is settled yet in some lane: the lowest first unsettled record over the lanes,
     * or the end of the round once every lane is through.
     */
    private static long safeOffset(
            List<List<ConsumerRecord<byte[], byte[]>>> lanes,
            List<AtomicLong> settled,
            List<ConsumerRecord<byte[], byte[]>> records) {
        long safe = records.get(records.size() - 1).offset() + 1;
        for (int i = 0; i < lanes.size(); i++) {
            long next = settled.get(i).get();
            for (ConsumerRecord<byte[], byte[]> record : lanes.get(i)) {
                if (record.offset() >= next) {
                    safe = Math.min(safe, record.offset());
                    break;
                }
            }
        }
        return safe;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
