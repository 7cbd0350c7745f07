package io.millrace.console.s3;

import io.millrace.gateway.config.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The platform's S3 store as the Firehose sink writes to it (the same endpoint, region and credentials,
 * {@code millrace.s3.*}): the newest objects under a prefix, and an object's bytes. Blocking: callers run it on the
 * console's own threads, never on the gateway's I/O threads.
 */
public final class DeliveredObjects implements AutoCloseable {

    /** Keys a listing reads at most (ten pages of ListObjectsV2's 1,000): the newest are found among those. */
    static final int MAX_KEYS_LISTED = 10_000;
    /**
     * The largest object the console hands out, held in the gateway's memory while it is sent: Firehose's default
     * buffer is 5 MiB, its largest 128 MiB; a bigger object is for S3's tools.
     */
    public static final long MAX_DOWNLOAD_BYTES = 32L << 20;

    private final S3Client s3;

    public DeliveredObjects(S3Settings.S3Connection connection) {
        AwsCredentialsProvider credentials = connection.accessKeyId().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey()));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(connection.pathStyleAccess())
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build());
        if (!connection.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(connection.endpoint()));
        }
        this.s3 = builder.build();
    }

    /**
     * The {@code count} most recently written objects under {@code prefix} that {@code keep} accepts, newest first,
     * among the first {@link #MAX_KEYS_LISTED} keys (Firehose's time-named keys list oldest first, so the listing
     * goes on to its end unless the prefix holds more).
     */
    public List<StoredObject> newest(String bucket, String prefix, Predicate<String> keep, int count) {
        Comparator<StoredObject> byTime = Comparator.comparing(StoredObject::lastModified);
        PriorityQueue<StoredObject> newest = new PriorityQueue<>(byTime);
        String token = null;
        int listed = 0;
        do {
            String next = token;
            ListObjectsV2Response page = s3.listObjectsV2(b ->
                    b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix).continuationToken(next));
            for (S3Object object : page.contents()) {
                listed++;
                if (keep.test(object.key())) {
                    newest.add(new StoredObject(object.key(), object.size(), object.lastModified()));
                    if (newest.size() > count) {
                        newest.poll();
                    }
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && listed < MAX_KEYS_LISTED);
        List<StoredObject> result = new ArrayList<>(newest);
        result.sort(byTime.reversed());
        return result;
    }

    /** At most {@code limit} bytes from the start of an object. */
    public byte[] head(String bucket, String key, int limit) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=0-" + (limit - 1)))) {
            return in.readNBytes(limit);
        }
    }

    /** The whole object, if it is at most {@link #MAX_DOWNLOAD_BYTES}; null when larger. */
    public byte[] read(String bucket, String key) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > MAX_DOWNLOAD_BYTES) {
                return null;
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
