package io.millrace.firehose.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where each segment of a partition ended, kept as empty S3 objects named
 * {@code <prefix><stream>/<topic>/<partition>/<start>-<end>} (offsets zero-padded to 20 digits). A segment's entry is
 * written before any of its objects, so after a crash the replay from the committed offset (a segment start) finds
 * the boundaries of every segment it may have written already, and cuts there again: the rewritten objects are the
 * same objects under the same keys, even when a cut was made by the clock (IntervalInSeconds).
 */
public final class SegmentLog {
    private final S3Client s3;
    private final String bucket;
    private final String root;

    public SegmentLog(S3Client s3, String bucket, String prefix, String streamName) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = prefix + streamName + "/";
    }

    private String partitionPrefix(TopicPartition tp) {
        return root + tp.topic() + "/" + tp.partition() + "/";
    }

    public void record(TopicPartition tp, long start, long end) {
        String key = partitionPrefix(tp) + String.format("%020d-%020d", start, end);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"), RequestBody.empty());
    }

    /**
     * The segments of {@code tp} that end at or after {@code committedOffset}, start to end. Entries entirely below
     * it describe committed data and are deleted: the committed offset, read back from Kafka when the partition is
     * assigned, proves they can no longer be replayed.
     */
    public NavigableMap<Long, Long> load(TopicPartition tp, long committedOffset) {
        NavigableMap<Long, Long> segments = new TreeMap<>();
        List<ObjectIdentifier> obsolete = new ArrayList<>();
        String prefix = partitionPrefix(tp);
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            String name = object.key().substring(prefix.length());
            int dash = name.indexOf('-');
            if (dash != 20 || name.length() != 41) {
                continue;
            }
            long start = Long.parseLong(name.substring(0, dash));
            long end = Long.parseLong(name.substring(dash + 1));
            if (end < committedOffset) {
                obsolete.add(ObjectIdentifier.builder().key(object.key()).build());
            } else {
                segments.put(start, end);
            }
        }
        // DeleteObjects takes at most 1,000 keys per request.
        for (int i = 0; i < obsolete.size(); i += 1000) {
            List<ObjectIdentifier> batch = obsolete.subList(i, Math.min(obsolete.size(), i + 1000));
            s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
        }
        return segments;
    }
}
