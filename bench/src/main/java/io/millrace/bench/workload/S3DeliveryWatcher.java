package io.millrace.bench.workload;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Polls the run's prefix in S3 and reads every new object once: its records (fixed size, uncompressed, one after the
 * other, as the delivery stream writes them) go to the {@link DeliveryTracker}. The time a record is seen is when
 * the listing that first showed its object returned, so the figures include at most one poll interval of delay.
 */
public final class S3DeliveryWatcher {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int recordSize;
    private final DeliveryTracker tracker;
    private final Set<String> seen = new HashSet<>();
    private long objects;
    private long bytes;
    private long malformedObjects;

    public S3DeliveryWatcher(S3Client s3, String bucket, String prefix, int recordSize, DeliveryTracker tracker) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.recordSize = recordSize;
        this.tracker = tracker;
    }

    /**
     * One pass over the prefix.
     *
     * @param onRecordBytes receives the payload bytes of every record read, for the delivery meter
     * @return records read in this pass
     */
    public long poll(LongConsumer onRecordBytes) {
        long listedAt = System.nanoTime();
        long records = 0;
        for (S3Object object :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (!seen.add(object.key())) {
                continue;
            }
            ResponseBytes<GetObjectResponse> body =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()));
            ByteBuffer data = body.asByteBuffer();
            objects++;
            bytes += data.remaining();
            if (data.remaining() % recordSize != 0 || object.key().startsWith(prefix + "errors/")) {
                // Not the bench's records: an error-output object, or records of another size under this prefix.
                malformedObjects++;
                continue;
            }
            for (int at = data.position(); at < data.limit(); at += recordSize) {
                tracker.delivered(data.getLong(at), data.getInt(at + Long.BYTES), listedAt);
                onRecordBytes.accept(recordSize);
                records++;
            }
        }
        return records;
    }

    /** Creates the bucket unless it exists (the delivery stream only writes into existing buckets, as AWS's). */
    public static void ensureBucket(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Deletes what the run wrote under its prefix; a failure is returned as a warning. */
    public String deleteAll() {
        return deletePrefix(s3, bucket, prefix);
    }

    /** Deletes every object under {@code prefix}; a failure is returned as a warning, null when done. */
    static String deletePrefix(S3Client s3, String bucket, String prefix) {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
            }
            return null;
        } catch (SdkException e) {
            return "could not delete the objects under s3://" + bucket + "/" + prefix + ": " + e.getMessage();
        }
    }

    public long objects() {
        return objects;
    }

    public long bytes() {
        return bytes;
    }

    /** Objects that did not hold whole bench records (error output, foreign objects). */
    public long malformedObjects() {
        return malformedObjects;
    }
}
