package io.millrace.bench.workload;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** One polling GetRecords reader per shard, each on its own thread, pausing after an empty answer. */
public final class PollingReaders implements E2eReaders {

    private final KinesisClient client;
    private final String stream;
    private final Duration pollInterval;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder failedCalls = new LongAdder();

    public PollingReaders(KinesisClient client, String stream, Duration pollInterval) {
        this.client = client;
        this.stream = stream;
        this.pollInterval = pollInterval;
    }

    @Override
    public String runName() {
        return "e2e";
    }

    @Override
    public String latencyOf() {
        return "one record, from PutRecord acknowledged to returned by GetRecords";
    }

    @Override
    public CompletableFuture<Void> start(List<String> shards, List<Delivery> deliveries, Duration maxRun) {
        Delivery delivery = deliveries.get(0);
        RecordBudget deadline = new RecordBudget(maxRun, 0);
        return ClientThreads.runAllInBackground(
                "bench-e2e-get", shards.size(), index -> read(shards.get(index), delivery, deadline));
    }

    @Override
    public void stop() {
        stop.set(true);
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("poll interval after an empty answer", pollInterval.toMillis() + " ms");
        notes.put("failed GetRecords calls", Long.toString(failedCalls.sum()));
        return notes;
    }

    private void read(String shardId, Delivery delivery, RecordBudget deadline) {
        String iterator = iterator(shardId, null);
        String lastSequence = null;
        ErrorStreak errors = new ErrorStreak("GetRecords");
        while (iterator != null && !stop.get() && !deadline.expired()) {
            String current = iterator;
            GetRecordsResponse response;
            try {
                response = client.getRecords(b -> b.shardIterator(current));
            } catch (ExpiredIteratorException e) {
                iterator = iterator(shardId, lastSequence);
                continue;
            } catch (SdkException e) {
                failedCalls.increment();
                delivery.failedCall();
                errors.failure(e);
                continue;
            }
            long now = System.nanoTime();
            errors.success();
            for (Record r : response.records()) {
                ByteBuffer data = r.data().asByteBuffer();
                delivery.record(data, now);
                lastSequence = r.sequenceNumber();
            }
            iterator = response.nextShardIterator();
            if (response.records().isEmpty() && !pollInterval.isZero()) {
                StreamAdmin.sleep(pollInterval.toMillis());
            }
        }
    }

    private String iterator(String shardId, String afterSequence) {
        return client.getShardIterator(b -> {
                    b.streamName(stream).shardId(shardId);
                    if (afterSequence == null) {
                        b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    } else {
                        b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                .startingSequenceNumber(afterSequence);
                    }
                })
                .shardIterator();
    }
}
