package io.millrace.agent;

import io.millrace.agent.checkpoint.CheckpointStore;
import io.millrace.agent.config.AgentConfigReader;
import io.millrace.agent.config.Destination;
import io.millrace.agent.config.FlowConfig;
import io.millrace.agent.send.BatchSender;
import io.millrace.agent.send.OutgoingRecord;
import io.millrace.agent.tailing.FilePosition;
import io.millrace.agent.tailing.FileTracker;
import io.millrace.agent.tailing.ParsedRecord;
import io.millrace.agent.tailing.RecordSplitter;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flow, on its own thread: records from its files into a buffer, the buffer sent when it is full (records or
 * bytes) or old (maxBufferAgeMillis), then checkpointed. One batch is in flight at a time, and the checkpoint is
 * written, durably, after the batch is acknowledged and before anything else is sent: after a crash the agent resumes
 * right after the last acknowledged batch. What is not covered is the moment between the acknowledgment arriving and
 * the checkpoint being on disk (a single fsync): a crash exactly then sends that batch again.
 */
final class FlowRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
    private static final long POLL_MILLIS = 100;
    /** The longest partition key this agent makes (an MD5 in hex): Kinesis counts it in the 1 MiB of a record. */
    private static final int MAX_PARTITION_KEY = 32;

    private final FlowConfig flow;
    private final FileTracker tracker;
    private final BatchSender sender;
    private final CheckpointStore checkpoints;
    private final Progress progress;
    private final int maxRecordSize;
    private final List<OutgoingRecord> batch = new ArrayList<>();
    private final List<FilePosition> batchPositions = new ArrayList<>();
    private int batchBytes;
    private long batchStartNanos;
    private FilePosition consumed;
    private FilePosition checkpointed;

    FlowRunner(FlowConfig flow, BatchSender sender, CheckpointStore checkpoints, Progress progress) {
        this.flow = flow;
        this.sender = sender;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.maxRecordSize = flow.destination().kind() == Destination.Kind.KINESIS
                ? Math.min(flow.maxRecordSizeBytes(), AgentConfigReader.KINESIS_RECORD_BYTES - MAX_PARTITION_KEY)
                : flow.maxRecordSizeBytes();
        this.checkpointed = checkpoints.get(flow.id());
        this.tracker = new FileTracker(flow, maxRecordSize, checkpointed);
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ParsedRecord record = tracker.next();
                if (record != null) {
                    take(record);
                    continue;
                }
                if (!batch.isEmpty() && System.nanoTime() - batchStartNanos >= flow.maxBufferAgeMillis() * 1_000_000) {
                    flush();
                } else if (batch.isEmpty() && consumed != null && !consumed.equals(checkpointed)) {
                    // Only skipped lines since the last batch: they are done with too.
                    checkpoint(consumed);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("{}: stopped: cannot read its files ({})", flow.id(), e.toString());
        } finally {
            try {
                tracker.close();
            } catch (IOException e) {
                // Closing a read-only channel.
            }
        }
    }

    private void take(ParsedRecord record) throws InterruptedException {
        progress.recordsParsed.incrementAndGet();
        if (record.data() == null) {
            consumed = record.position();
            return;
        }
        progress.bytesConsumed.addAndGet(record.data().length);
        byte[] data = flow.converters().convert(record.data());
        if (data == null) {
            consumed = record.position();
            return;
        }
        data = RecordSplitter.truncate(data, maxRecordSize, flow.truncatedRecordTerminator());
        OutgoingRecord outgoing = new OutgoingRecord(data, partitionKey(data));
        if (!batch.isEmpty() && batchBytes + outgoing.size() > flow.maxBufferSizeBytes()) {
            flush();
        }
        if (batch.isEmpty()) {
            batchStartNanos = System.nanoTime();
        }
        batch.add(outgoing);
        batchPositions.add(record.position());
        consumed = record.position();
        batchBytes += outgoing.size();
        if (batch.size() >= flow.maxBufferSizeRecords()) {
            flush();
        }
    }

    private void flush() throws InterruptedException {
        // The last record consumed may be a skipped one after the batch's last: done with once the batch is.
        FilePosition end = consumed;
        sender.send(batch, acknowledged -> {
            if (acknowledged < batch.size()) {
                checkpoint(batchPositions.get(acknowledged - 1));
            }
        });
        checkpoint(end);
        progress.recordsSent.addAndGet(batch.size());
        batch.clear();
        batchPositions.clear();
        batchBytes = 0;
    }

    private void checkpoint(FilePosition position) {
        checkpoints.save(flow.id(), position);
        checkpointed = position;
    }

    /** As the agent makes them (KinesisRecord): a random number, or the MD5 of the data for DETERMINISTIC. */
    private String partitionKey(byte[] data) {
        if (flow.destination().kind() != Destination.Kind.KINESIS) {
            return null;
        }
        if (flow.partitionKeyOption() == FlowConfig.PartitionKeyOption.DETERMINISTIC) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JVM has MD5", e);
            }
        }
        return String.valueOf(ThreadLocalRandom.current().nextDouble(1_000_000));
    }
}
