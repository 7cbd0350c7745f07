package io.millrace.bench.workload;

import io.millrace.bench.stats.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.S3DestinationConfiguration;
import software.amazon.awssdk.services.s3.S3Client;

/** An ExtendedS3 destination under the run's prefix, its objects listed and read by an {@link S3DeliveryWatcher}. */
public final class S3Destination implements DeliveryDestination {

    /** The role the bench names; the platform in open mode does not check it. */
    static final String ROLE = "arn:aws:iam::000000000000:role/millrace-bench";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int recordSize;
    private final Buffering buffering;
    private S3DeliveryWatcher watcher;
    private LongConsumer onRecordBytes;

    public S3Destination(S3Client s3, String bucket, String prefix, int recordSize, Buffering buffering) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.recordSize = recordSize;
        this.buffering = buffering;
    }

    @Override
    public String row() {
        return "s3";
    }

    @Override
    public Operation operation() {
        return Operation.DELIVERY;
    }

    @Override
    public String latencyOf() {
        return "one record, from PutRecordBatch acknowledged to its object listed in S3 (data freshness)";
    }

    @Override
    public String where() {
        return "in S3";
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.BINARY;
    }

    @Override
    public void configure(CreateDeliveryStreamRequest.Builder request) {
        request.extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::" + bucket)
                .roleARN(ROLE)
                .prefix(prefix)
                .errorOutputPrefix(prefix + "errors/")
                .bufferingHints(h -> h.sizeInMBs(buffering.sizeMb()).intervalInSeconds(buffering.intervalSeconds())));
    }

    /**
     * The S3Configuration every other destination requires: where Firehose writes the records it could not deliver
     * (S3BackupMode FailedDataOnly, AWS's default).
     */
    static S3DestinationConfiguration failedRecords(String bucket, String errorPrefix) {
        return S3DestinationConfiguration.builder()
                .roleARN(ROLE)
                .bucketARN("arn:aws:s3:::" + bucket)
                .errorOutputPrefix(errorPrefix)
                .build();
    }

    @Override
    public void attach(DeliveryTracker tracker, LongConsumer onRecordBytes) {
        this.watcher = new S3DeliveryWatcher(s3, bucket, prefix, recordSize, tracker);
        this.onRecordBytes = onRecordBytes;
    }

    @Override
    public void poll() {
        watcher.poll(onRecordBytes);
    }

    @Override
    public Map<String, String> notes() {
        return notes(watcher);
    }

    /** What the watcher read, as notes. */
    static Map<String, String> notes(S3DeliveryWatcher watcher) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("objects read", Long.toString(watcher.objects()));
        notes.put("object bytes read", Long.toString(watcher.bytes()));
        notes.put("objects not holding bench records (error output)", Long.toString(watcher.malformedObjects()));
        notes.put(
                "objects listed and gone when read (the store's files in writing)",
                Long.toString(watcher.vanishedObjects()));
        notes.put("listings of the store's files in writing (not read)", Long.toString(watcher.storeTemporaryFiles()));
        return notes;
    }

    @Override
    public String cleanUp() {
        return S3DeliveryWatcher.deletePrefix(s3, bucket, prefix);
    }
}
