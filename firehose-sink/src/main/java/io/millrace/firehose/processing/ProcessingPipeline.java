package io.millrace.firehose.processing;

import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.LambdaSettings;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.processing.SubRecordSplitter.SplitException;
import io.millrace.kinesis.model.ShardId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A delivery stream's processors, in the order Firehose applies them: de-aggregation of KPL aggregates (Kinesis
 * stream sources), RecordDeAggregation, the Lambda function, AppendDelimiterToRecord. Each source record gives a
 * {@link RecordOutcome}; one call is one batch for the Lambda function (chunked by BufferSizeInMBs).
 *
 * <p>Deterministic except for the function itself: the same records give the same sub-records, recordIds and, with
 * a deterministic function, the same outcomes, which is what lets a replay after a crash rebuild the same objects.
 */
public final class ProcessingPipeline implements AutoCloseable {
    private final boolean kplDeaggregation;
    private final SubRecordSplitter splitter;
    private final LambdaSettings lambdaSettings;
    private final LambdaTransformer lambda;
    private final byte[] delimiter;

    /**
     * @param kplDeaggregation de-aggregate KPL aggregates (what Firehose does for a Kinesis stream source)
     * @param splitter RecordDeAggregation, or null
     * @param lambda the Lambda processor, or null
     * @param delimiter AppendDelimiterToRecord's delimiter, or null
     */
    public ProcessingPipeline(
            boolean kplDeaggregation, SubRecordSplitter splitter, LambdaSettings lambda, String delimiter) {
        this(kplDeaggregation, splitter, lambda, delimiter, new DeliveryMetrics.Processing());
    }

    /** @param metrics where the Lambda processor counts its invocations and results */
    public ProcessingPipeline(
            boolean kplDeaggregation,
            SubRecordSplitter splitter,
            LambdaSettings lambda,
            String delimiter,
            DeliveryMetrics.Processing metrics) {
        this.kplDeaggregation = kplDeaggregation;
        this.splitter = splitter;
        this.lambdaSettings = lambda;
        this.lambda = lambda == null ? null : new LambdaTransformer(lambda, metrics);
        this.delimiter = delimiter == null ? null : delimiter.getBytes(StandardCharsets.UTF_8);
    }

    /** The processors a connector's configuration names. */
    public static ProcessingPipeline of(FirehoseSinkConfig config) {
        return of(config, new DeliveryMetrics.Processing());
    }

    public static ProcessingPipeline of(FirehoseSinkConfig config, DeliveryMetrics.Processing metrics) {
        return new ProcessingPipeline(
                config.kplDeaggregation(),
                SubRecordSplitter.of(config),
                config.lambdaSettings(),
                config.appendDelimiter() ? config.delimiter() : null,
                metrics);
    }

    /** A record's data on its way through the processors. */
    private record Piece(int source, String recordId, byte[] data, String partitionKey, int subSequence) {}

    /** One outcome per record, in order. Blocks while a Lambda function is invoked (and retried). */
    public List<RecordOutcome> process(List<SinkRecord> records) {
        if (passThrough()) {
            return passThrough(records);
        }
        List<List<RecordOutcome.Delivered>> delivered = new ArrayList<>(records.size());
        List<List<RecordOutcome.Failed>> failed = new ArrayList<>(records.size());
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            delivered.add(new ArrayList<>());
            failed.add(new ArrayList<>());
            split(i, records.get(i), pieces, failed.get(i));
        }
        if (lambda == null) {
            for (Piece p : pieces) {
                delivered.get(p.source()).add(new RecordOutcome.Delivered(withDelimiter(p.data())));
            }
        } else {
            List<LambdaTransformer.Input> inputs = new ArrayList<>(pieces.size());
            for (Piece p : pieces) {
                SinkRecord record = records.get(p.source());
                long arrival = arrival(record);
                LambdaTransformer.KinesisMetadata kinesis = lambdaSettings.sourceKinesisStreamArn() == null
                        ? null
                        : new LambdaTransformer.KinesisMetadata(
                                ShardId.format(record.kafkaPartition()),
                                p.partitionKey(),
                                arrival,
                                Long.toString(record.kafkaOffset()),
                                Integer.toString(p.subSequence()));
                inputs.add(new LambdaTransformer.Input(p.recordId(), arrival, p.data(), kinesis));
            }
            List<LambdaTransformer.Result> results = lambda.transform(inputs);
            for (int k = 0; k < pieces.size(); k++) {
                Piece p = pieces.get(k);
                LambdaTransformer.Result result = results.get(k);
                if (result instanceof LambdaTransformer.Result.Ok ok) {
                    delivered
                            .get(p.source())
                            .add(new RecordOutcome.Delivered(withDelimiter(ok.data()), ok.partitionKeys()));
                } else if (result instanceof LambdaTransformer.Result.Failed f) {
                    failed.get(p.source())
                            .add(new RecordOutcome.Failed(
                                    p.data(),
                                    f.errorCode(),
                                    f.errorMessage(),
                                    f.attemptsMade(),
                                    lambdaSettings.lambdaArn()));
                }
                // Dropped: nothing to write, the record still counts as processed.
            }
        }
        List<RecordOutcome> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            out.add(new RecordOutcome(delivered.get(i), failed.get(i)));
        }
        return out;
    }

    /** No processor but AppendDelimiterToRecord: every record's data is delivered as it is (with the delimiter). */
    private boolean passThrough() {
        return lambda == null && !kplDeaggregation && splitter == null;
    }

    /**
     * The outcomes of {@link #process} without a processor that splits or transforms: one delivered record per source
     * record, without the per-record pieces, record ids and partition key strings only the Lambda contract and the
     * de-aggregators need. This is the path of every delivery stream without processing, and the task thread runs it
     * for each record (tens of thousands a second at full speed).
     */
    private List<RecordOutcome> passThrough(List<SinkRecord> records) {
        List<RecordOutcome> out = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            byte[] raw = RecordProcessor.rawData(record);
            RecordOutcome.Failed failure = unreadable(record, raw);
            out.add(failure == null ? RecordOutcome.delivered(withDelimiter(raw)) : RecordOutcome.failed(failure));
        }
        return out;
    }

    /**
     * Why a record's value cannot be delivered (a tombstone, or not bytes), or null when it can.
     *
     * @param raw the record's data ({@link RecordProcessor#rawData}), null when it has none as bytes
     */
    private static RecordOutcome.Failed unreadable(SinkRecord record, byte[] raw) {
        if (raw != null) {
            return null;
        }
        if (record.value() == null) {
            return new RecordOutcome.Failed(
                    null, RecordProcessor.NULL_VALUE, "The record has no value (a tombstone).", 1, null);
        }
        return new RecordOutcome.Failed(
                null,
                RecordProcessor.UNSUPPORTED_VALUE,
                "The record value is a " + record.value().getClass().getSimpleName()
                        + ", not bytes; use the ByteArrayConverter.",
                1,
                null);
    }

    /** The source record's data, de-aggregated into pieces; failures of this stage are added to {@code failed}. */
    private void split(int source, SinkRecord record, List<Piece> pieces, List<RecordOutcome.Failed> failed) {
        byte[] raw = RecordProcessor.rawData(record);
        RecordOutcome.Failed unreadable = unreadable(record, raw);
        if (unreadable != null) {
            failed.add(unreadable);
            return;
        }
        String key = partitionKey(record.key());
        List<KplAggregate.SubRecord> subs = kplDeaggregation ? KplAggregate.deaggregate(raw) : null;
        if (subs == null) {
            subs = List.of(new KplAggregate.SubRecord(key, raw, 0));
        }
        String idPrefix = record.topic() + ":" + record.kafkaPartition() + ":" + record.kafkaOffset() + ":";
        int n = 0;
        for (KplAggregate.SubRecord sub : subs) {
            if (splitter == null) {
                pieces.add(new Piece(source, idPrefix + n++, sub.data(), sub.partitionKey(), sub.subSequenceNumber()));
                continue;
            }
            try {
                for (byte[] part : splitter.split(sub.data())) {
                    pieces.add(new Piece(source, idPrefix + n++, part, sub.partitionKey(), sub.subSequenceNumber()));
                }
            } catch (SplitException e) {
                failed.add(new RecordOutcome.Failed(sub.data(), e.errorCode(), e.getMessage(), 1, null));
            }
        }
    }

    private byte[] withDelimiter(byte[] data) {
        if (delimiter == null) {
            return data;
        }
        byte[] out = new byte[data.length + delimiter.length];
        System.arraycopy(data, 0, out, 0, data.length);
        System.arraycopy(delimiter, 0, out, data.length, delimiter.length);
        return out;
    }

    /** The arrival time as the engine takes it: the Kafka timestamp. */
    static long arrival(SinkRecord record) {
        return record.timestamp() != null && record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
    }

    private static String partitionKey(Object key) {
        if (key instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (key instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return key == null ? "" : key.toString();
    }

    @Override
    public void close() {
        if (lambda != null) {
            lambda.close();
        }
    }
}
