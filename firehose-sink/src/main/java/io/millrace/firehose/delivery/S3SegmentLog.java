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
 * The segment log as earlier versions kept it: empty S3 objects named
 * {@code <prefix><stream>/<topic>/<partition>/<start>-<end>} (offsets zero-padded to 20 digits). Used when a task
 * has no Kafka settings, and by {@link KafkaSegmentLog} to take over the entries an upgraded installation left.
 */
public final class S3SegmentLog implements SegmentLog {

    /** One entry: its object key and the segment it notes. */
    public record Entry(String key, long start, long end) {}

    private final S3Client s3;
    private final String bucket;
    private final String root;

    public S3SegmentLog(S3Client s3, String bucket, String prefix, String streamName) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = prefix + streamName + "/";
    }

    public String bucket() {
        return bucket;
    }

    private String partitionPrefix(TopicPartition tp) {
        return root + tp.topic() + "/" + tp.partition() + "/";
    }

    @Override
    public void record(TopicPartition tp, long start, long end) {
        String key = partitionPrefix(tp) + String.format("%020d-%020d", start, end);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"), RequestBody.empty());
    }

    @Override
    public NavigableMap<Long, Long> load(TopicPartition tp, long committedOffset) {
        NavigableMap<Long, Long> segments = new TreeMap<>();
        List<String> obsolete = new ArrayList<>();
        for (Entry entry : entries(tp)) {
            if (entry.end() < committedOffset) {
                obsolete.add(entry.key());
            } else {
                segments.put(entry.start(), entry.end());
            }
        }
        delete(obsolete);
        return segments;
    }

    /** Every entry of {@code tp}, whatever its offsets. */
    public List<Entry> entries(TopicPartition tp) {
        List<Entry> entries = new ArrayList<>();
        String prefix = partitionPrefix(tp);
        for (S3Object object :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            String name = object.key().substring(prefix.length());
            int dash = name.indexOf('-');
            if (dash != 20 || name.length() != 41) {
                continue;
            }
            entries.add(new Entry(
                    object.key(), Long.parseLong(name.substring(0, dash)), Long.parseLong(name.substring(dash + 1))));
        }
        return entries;
    }

    public void delete(List<String> keys) {
        // DeleteObjects takes at most 1,000 keys per request.
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            s3.deleteObjects(b -> b.bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build()));
        }
    }
}
