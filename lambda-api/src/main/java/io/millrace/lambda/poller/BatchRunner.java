package io.millrace.lambda.poller;

import io.millrace.lambda.invoke.InvocationResult;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one batch of one shard to its end, as Lambda's Kinesis poller does (developer guide, "Error handling"):
 * invoke; on a function error retry, or with BisectBatchOnFunctionError split the batch in two and retry each half
 * (splitting does not count against the retries); after MaximumRetryAttempts retries of a piece, or for records older
 * than MaximumRecordAgeInSeconds, send the piece's description to the on-failure destination and go on; with
 * ReportBatchItemFailures checkpoint before the lowest failed sequence number and retry from it. Pieces are settled
 * in shard order, and each is checkpointed once settled, so a restart resumes after the last settled record.
 */
final class BatchRunner {

    /** Records the offset after the last settled record of the shard, on the poller's thread. */
    @FunctionalInterface
    interface Checkpoint {
        void commit(long nextOffset);
    }

    /**
     * Runs one invocation of the mapping's function; {@code lastArrivalMillis} is when the stream received the
     * event's last record (for the IteratorAge metric).
     */
    @FunctionalInterface
    interface Invocation {
        InvocationResult invoke(byte[] event, long lastArrivalMillis) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private record Piece(List<ConsumerRecord<byte[], byte[]>> records, int attempts) {}

    private final EventSourceMappingRecord mapping;
    private final Invocation invocation;
    private final FailureDestination destination;
    private final BooleanSupplier running;
    private volatile String lastResult;

    BatchRunner(
            EventSourceMappingRecord mapping,
            Invocation invocation,
            FailureDestination destination,
            BooleanSupplier running) {
        this.mapping = mapping;
        this.invocation = invocation;
        this.destination = destination;
        this.running = running;
    }

    String lastResult() {
        return lastResult;
    }

    /** @return true once the whole batch is settled; false when the poller stopped before */
    boolean run(KinesisEvents.Source source, List<ConsumerRecord<byte[], byte[]>> batch, Checkpoint checkpoint)
            throws InterruptedException {
        return run(source, batch, checkpoint, null);
    }

    /**
     * As {@link #run(KinesisEvents.Source, List, Checkpoint)}, within a shard's tumbling window (null without one):
     * the events carry the window and its state, and each successful response's state is kept for the next.
     */
    boolean run(
            KinesisEvents.Source source,
            List<ConsumerRecord<byte[], byte[]>> batch,
            Checkpoint checkpoint,
            TumblingWindow window)
            throws InterruptedException {
        Deque<Piece> pieces = new ArrayDeque<>();
        pieces.add(new Piece(batch, 0));
        while (!pieces.isEmpty()) {
            if (!running.getAsBoolean()) {
                return false;
            }
            Piece piece = pieces.pollFirst();
            List<ConsumerRecord<byte[], byte[]>> records = dropExpired(source, piece, checkpoint);
            if (records.isEmpty()) {
                continue;
            }
            List<String> sequenceNumbers = new ArrayList<>(records.size());
            records.forEach(r -> sequenceNumbers.add(KinesisEvents.sequenceNumber(source, r)));
            byte[] event = window == null ? KinesisEvents.event(source, records) : window.event(source, records, false);
            InvocationResult result = invocation.invoke(event, last(records).timestamp());
            if (window != null && !result.failed()) {
                window.absorb(result.payload());
            }
            int firstFailed = -1;
            if (!result.failed() && mapping.getFunctionResponseTypes().contains("ReportBatchItemFailures")) {
                firstFailed = BatchItemFailures.firstFailed(result.payload(), sequenceNumbers);
            }
            if (!result.failed() && firstFailed < 0) {
                lastResult = "OK";
                checkpoint.commit(last(records).offset() + 1);
                continue;
            }
            lastResult = "PROBLEM: Function call failed";
            if (firstFailed > 0) {
                // The records before the first reported failure succeeded.
                checkpoint.commit(records.get(firstFailed - 1).offset() + 1);
                records = records.subList(firstFailed, records.size());
            }
            int attempts = piece.attempts();
            if (result.failed() && mapping.getBisectBatchOnFunctionError() && records.size() > 1) {
                int half = records.size() / 2;
                pieces.addFirst(new Piece(records.subList(half, records.size()), attempts));
                pieces.addFirst(new Piece(records.subList(0, half), attempts));
                continue;
            }
            int retries = mapping.getMaximumRetryAttempts();
            if (retries >= 0 && attempts >= retries) {
                giveUp(
                        source,
                        records,
                        new FailureDestination.Failure(
                                "RetryAttemptsExhausted",
                                attempts + 1,
                                result.functionError(),
                                mapping.getFunctionArn()));
                checkpoint.commit(last(records).offset() + 1);
                continue;
            }
            pieces.addFirst(new Piece(records, attempts + 1));
            Thread.sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempts, 10)));
        }
        return true;
    }

    /**
     * The final invocation of a tumbling window: no records, {@code isFinalInvokeForWindow: true}, retried as a
     * batch is (MaximumRetryAttempts, backoff); given up on with a log line once the retries are spent.
     *
     * @return false when the poller stopped before it was done
     */
    boolean finish(KinesisEvents.Source source, TumblingWindow window, long nowMillis) throws InterruptedException {
        byte[] event = window.event(source, List.of(), true);
        for (int attempts = 0; running.getAsBoolean(); attempts++) {
            InvocationResult result = invocation.invoke(event, nowMillis);
            if (!result.failed()) {
                lastResult = "OK";
                return true;
            }
            lastResult = "PROBLEM: Function call failed";
            int retries = mapping.getMaximumRetryAttempts();
            if (retries >= 0 && attempts >= retries) {
                LOG.warn(
                        "Event source mapping {}: the final invocation of a window of {} failed {} times; its state"
                                + " is dropped",
                        mapping.getUuid(),
                        io.millrace.kinesis.model.ShardId.format(source.shardIndex()),
                        attempts + 1);
                return true;
            }
            Thread.sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempts, 10)));
        }
        return false;
    }

    /** The piece without its leading records older than MaximumRecordAgeInSeconds, which are given up. */
    private List<ConsumerRecord<byte[], byte[]>> dropExpired(
            KinesisEvents.Source source, Piece piece, Checkpoint checkpoint) throws InterruptedException {
        int maxAge = mapping.getMaximumRecordAgeInSeconds();
        List<ConsumerRecord<byte[], byte[]>> records = piece.records();
        if (maxAge < 0) {
            return records;
        }
        long oldestKept = System.currentTimeMillis() - maxAge * 1000L;
        int expired = 0;
        while (expired < records.size() && records.get(expired).timestamp() < oldestKept) {
            expired++;
        }
        if (expired == 0) {
            return records;
        }
        List<ConsumerRecord<byte[], byte[]>> old = records.subList(0, expired);
        giveUp(
                source,
                old,
                new FailureDestination.Failure("RecordAgeExceeded", piece.attempts(), null, mapping.getFunctionArn()));
        checkpoint.commit(last(old).offset() + 1);
        return records.subList(expired, records.size());
    }

    private void giveUp(
            KinesisEvents.Source source,
            List<ConsumerRecord<byte[], byte[]>> records,
            FailureDestination.Failure failure)
            throws InterruptedException {
        String target = mapping.getOnFailureDestination();
        LOG.warn(
                "Event source mapping {}: {} records of {} from {} skipped ({}){}",
                mapping.getUuid(),
                records.size(),
                io.millrace.kinesis.model.ShardId.format(source.shardIndex()),
                KinesisEvents.sequenceNumber(source, records.get(0)),
                failure.condition(),
                target == null ? "" : ", described to " + target);
        if (target == null) {
            return;
        }
        while (running.getAsBoolean()) {
            try {
                destination.send(target, source, records, failure);
                return;
            } catch (IllegalStateException e) {
                // AWS keeps retrying the batch while its destination cannot take the record: nothing is lost.
                LOG.warn("Event source mapping {}: {}; retrying", mapping.getUuid(), e.getMessage());
                Thread.sleep(MAX_BACKOFF_MS);
            }
        }
        throw new InterruptedException("stopped while sending to the on-failure destination");
    }

    private static ConsumerRecord<byte[], byte[]> last(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.get(records.size() - 1);
    }
}
