package io.millrace.bench.workload;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
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
    /** Listed by {@link #list} and not read yet, with the time each was first listed. */
    private final Map<String, Long> listed = new LinkedHashMap<>();

    private long objects;
    private long bytes;
    private long malformedObjects;
    private long vanishedObjects;
    private long storeTemporaryFiles;

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
            if (isStoreTemporary(object.key())) {
                // Read now, a file in writing would count its records twice: here and in the object it becomes.
                storeTemporaryFiles++;
                continue;
            }
            if (!seen.add(object.key())) {
                continue;
            }
            records += read(object.key(), listedAt, onRecordBytes);
        }
        return records;
    }

    /**
     * One listing of the prefix without reading anything: the new objects named as the delivery stream names its
     * objects ({@code <objectName><version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>[.extension]}) are kept with the time they
     * were first listed, for {@link #readListed}. The embedded store lists a file it is still writing under the
     * object's key and a suffix of its own; the name check leaves those out. A backlog run
     * times delivery by listings alone, so that reading the objects back (from the same store, on the same
     * machine) does not slow the delivery it measures.
     *
     * @return the bytes of the new objects
     */
    public long list(String objectName) {
        long listedAt = System.nanoTime();
        long newBytes = 0;
        for (S3Object object :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            String key = object.key();
            if (seen.contains(key)
                    || listed.containsKey(key)
                    || key.startsWith(prefix + "errors/")
                    || !isObjectName(key.substring(key.lastIndexOf('/') + 1), objectName)) {
                continue;
            }
            listed.put(key, listedAt);
            newBytes += object.size();
        }
        return newBytes;
    }

    private static final Pattern OBJECT_NAME_SUFFIX =
            Pattern.compile("\\d+-\\d{4}(-\\d{2}){5}-\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}(\\.\\w+)?");

    private static final String UUID = "\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}";

    /** A key and a random UUID: the name the embedded store lists a PUT in progress under. */
    private static final Pattern STORE_TEMPORARY = Pattern.compile(".*" + UUID + "(\\.\\w+)*-" + UUID);

    /**
     * A file the embedded store is still writing: listed as the object's key (which ends with a UUID, as the delivery
     * stream names its objects and error objects) followed by a random UUID of the store's.
     */
    static boolean isStoreTemporary(String key) {
        return STORE_TEMPORARY.matcher(key).matches();
    }

    static boolean isObjectName(String fileName, String objectName) {
        return fileName.startsWith(objectName)
                && OBJECT_NAME_SUFFIX
                        .matcher(fileName.substring(objectName.length()))
                        .matches();
    }

    /**
     * Reads every object {@link #list} found, as if it had been read when it was listed, then every other object
     * under the prefix (the error output, objects that landed after the last listing) as read now.
     */
    public void readListed() {
        for (Map.Entry<String, Long> entry : listed.entrySet()) {
            if (seen.add(entry.getKey())) {
                read(entry.getKey(), entry.getValue(), bytes -> {});
            }
        }
        listed.clear();
        poll(bytes -> {});
    }

    /** Reads one object's records into the tracker, as seen at {@code listedAt}; returns how many it held. */
    private long read(String key, long listedAt, LongConsumer onRecordBytes) {
        ResponseBytes<GetObjectResponse> body;
        try {
            body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            // Listed, then gone: a file the store was still writing, listed under a name of its own.
            vanishedObjects++;
            return 0;
        }
        ByteBuffer data = body.asByteBuffer();
        objects++;
        bytes += data.remaining();
        if (data.remaining() % recordSize != 0 || key.startsWith(prefix + "errors/")) {
            // Not the bench's records: an error-output object, or records of another size under this prefix.
            malformedObjects++;
            return 0;
        }
        long records = 0;
        for (int at = data.position(); at < data.limit(); at += recordSize) {
            tracker.delivered(data.getLong(at), data.getInt(at + Long.BYTES), listedAt);
            onRecordBytes.accept(recordSize);
            records++;
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

    /** Objects listed and gone when read. */
    /** Listings of files the store was still writing, left out of {@link #poll}. */
    public long storeTemporaryFiles() {
        return storeTemporaryFiles;
    }

    public long vanishedObjects() {
        return vanishedObjects;
    }

    /** Objects that did not hold whole bench records (error output, foreign objects). */
    public long malformedObjects() {
        return malformedObjects;
    }
}
