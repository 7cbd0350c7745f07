package io.millrace.agent;

import io.millrace.agent.checkpoint.CheckpointStore;
import io.millrace.agent.checkpoint.InFlight;
import io.millrace.agent.config.AgentConfigReader;
import io.millrace.agent.config.Destination;
import io.millrace.agent.config.FlowConfig;
import io.millrace.agent.metrics.DestinationMetrics;
import io.millrace.agent.send.BatchSender;
import io.millrace.agent.send.DestinationClient;
import io.millrace.agent.send.OutgoingRecord;
import io.millrace.agent.send.PartitionKeys;
import io.millrace.agent.tailing.FilePosition;
import io.millrace.agent.tailing.FileTracker;
import io.millrace.agent.tailing.ParsedRecord;
import io.millrace.agent.tailing.RecordSplitter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One flow, on its own thread: records from its files into a buffer, the buffer sent when it is full (records or
 * bytes) or old (maxBufferAgeMillis), then checkpointed. One batch is in flight at a time, and the checkpoint is
 * written, durably, after the batch is acknowledged and before anything else is sent.
 *
 * <p>That leaves the moment between the acknowledgment arriving and the checkpoint reaching the disk: a crash then
 * would send the batch again. For Kinesis flows with RANDOM partition keys that moment is covered too: the key of a
 * record is drawn from its place in its file (file identity, offset, content), not from a random number generator, so
 * it is the same when the record is read again; before a batch is sent, its keys go into the checkpoint. A restart
 * that finds a batch there reads the stream from when it was sent, and skips the records that made it. DETERMINISTIC
 * keys (the MD5 of the data) cannot tell two equal lines apart, and Firehose cannot be read back: there, the batch in
 * flight at a crash is sent again (at least once).
 */
final class FlowRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
    private static final long POLL_MILLIS = 100;
    /** How far before a batch's send time its records are looked for: clocks of agent and endpoint may differ. */
    private static final long CLOCK_MARGIN_MILLIS = 5_000;

    private final FlowConfig flow;
    private final FileTracker tracker;
    private final DestinationClient destination;
    private final BatchSender sender;
    private final CheckpointStore checkpoints;
    private final Progress progress;
    private final int maxRecordSize;
    private final boolean reconcilable;
    private final List<OutgoingRecord> batch = new ArrayList<>();
    private final List<FilePosition> batchPositions = new ArrayList<>();
    private int batchBytes;
    private long batchStartNanos;
    private FilePosition consumed;
    private FilePosition checkpointed;
    /** Keys of the interrupted batch's records that reached the stream: read again, they are not sent again. */
    private Set<String> landed = Set.of();

    FlowRunner(
            FlowConfig flow,
            DestinationClient destination,
            DestinationMetrics metrics,
            CheckpointStore checkpoints,
            Progress progress) {
        this.flow = flow;
        this.destination = destination;
        this.sender = new BatchSender(
                flow.id(), destination, metrics, flow.retryInitialBackoffMillis(), flow.retryMaxBackoffMillis());
        this.checkpoints = checkpoints;
        this.progress = progress;
        boolean kinesis = flow.destination().kind() == Destination.Kind.KINESIS;
        this.maxRecordSize = kinesis
                ? Math.min(flow.maxRecordSizeBytes(), AgentConfigReader.KINESIS_RECORD_BYTES - PartitionKeys.MAX_LENGTH)
                : flow.maxRecordSizeBytes();
        this.reconcilable = kinesis && flow.partitionKeyOption() == FlowConfig.PartitionKeyOption.RANDOM;
        this.checkpointed = checkpoints.get(flow.id());
        this.tracker = new FileTracker(flow, maxRecordSize, checkpointed);
    }

    @Override
    public void run() {
        try {
            reconcile();
            while (!Thread.currentThread().isInterrupted()) {
                if (!step()) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                tracker.close();
            } catch (IOException e) {
                // Closing a read-only channel.
            }
        }
    }

    /** Takes the next record, or sends or checkpoints what is due; false when there is nothing to do now. */
    private boolean step() throws InterruptedException {
        ParsedRecord record;
        try {
            record = tracker.next();
        } catch (IOException e) {
            // A file vanishing mid-read, a directory not readable yet: the next poll tries again.
            LOG.warn("{}: cannot read its files now ({}); trying again", flow.id(), e.toString());
            Thread.sleep(1_000);
            return false;
        }
        if (record != null) {
            take(record);
            return true;
        }
        if (!batch.isEmpty() && System.nanoTime() - batchStartNanos >= flow.maxBufferAgeMillis() * 1_000_000) {
            flush();
        } else if (batch.isEmpty() && consumed != null && !consumed.equals(checkpointed)) {
            // Only lines that are not sent since the last batch: they are done with too.
            checkpoint(consumed, null);
        }
        return false;
    }

    /** After a crash during a send: which records of that batch reached the stream, retried until it can tell. */
    private void reconcile() throws InterruptedException {
        InFlight interrupted = checkpoints.inFlight(flow.id());
        if (interrupted == null) {
            return;
        }
        if (!reconcilable) {
            LOG.warn(
                    "{}: the last batch was interrupted before its acknowledgment was recorded: it is sent again",
                    flow.id());
            return;
        }
        long backoff = flow.retryInitialBackoffMillis();
        while (true) {
            try {
                Set<String> found = destination.landed(
                        Instant.ofEpochMilli(interrupted.sentAtMillis() - CLOCK_MARGIN_MILLIS),
                        new HashSet<>(interrupted.partitionKeys()));
                landed = new HashSet<>(found);
                LOG.info(
                        "{}: {} of the {} records of the batch interrupted at the last stop had reached the stream;"
                                + " the others are sent again",
                        flow.id(),
                        found.size(),
                        interrupted.partitionKeys().size());
                return;
            } catch (SdkException e) {
                LOG.warn(
                        "{}: cannot read the stream to see what the interrupted batch delivered ({}); again in {} ms",
                        flow.id(),
                        e.getMessage(),
                        backoff);
                Thread.sleep(backoff);
                backoff = Math.min(flow.retryMaxBackoffMillis(), backoff * 2);
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
        // The key is drawn from the data sent, as the agent's KinesisRecord draws it from the record its parser built
        // out of the converted data: a DETERMINISTIC key is the MD5 of the JSON a CSVTOJSON flow sends.
        String partitionKey = data == null ? null : partitionKey(record.position(), data);
        if (data == null || (!landed.isEmpty() && landed.remove(partitionKey))) {
            consumed = record.position();
            return;
        }
        data = RecordSplitter.truncate(data, maxRecordSize, flow.truncatedRecordTerminator());
        OutgoingRecord outgoing = new OutgoingRecord(data, partitionKey);
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
        InFlight sending = null;
        if (reconcilable) {
            List<String> keys = new ArrayList<>(batch.size());
            batch.forEach(record -> keys.add(record.partitionKey()));
            sending = new InFlight(System.currentTimeMillis(), keys);
            checkpoint(null, sending);
        }
        InFlight stillSending = sending;
        sender.send(batch, acknowledged -> {
            if (acknowledged < batch.size()) {
                checkpoint(batchPositions.get(acknowledged - 1), stillSending);
            }
        });
        checkpoint(end, null);
        progress.recordsSent.addAndGet(batch.size());
        batch.clear();
        batchPositions.clear();
        batchBytes = 0;
    }

    private void checkpoint(FilePosition position, InFlight sending) {
        checkpoints.save(flow.id(), position, sending);
        if (position != null) {
            checkpointed = position;
        }
    }

    private String partitionKey(FilePosition position, byte[] data) {
        if (flow.destination().kind() != Destination.Kind.KINESIS) {
            return null;
        }
        return PartitionKeys.of(flow.partitionKeyOption(), position, data);
    }
}
