package io.millrace.firehose.s3;

import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes one finished buffer file as one S3 object, with the headers Firehose's objects carry: Content-Type
 * {@code application/octet-stream} whatever the format, and the compression's Content-Encoding if any. A single PutObject streamed from the file is enough: an
 * object is at most 128 MiB of records (BufferingHints.SizeInMBs), far below PutObject's 5 GiB limit, and the
 * SDK reads the body from disk, never from the heap. A PUT to an existing key replaces it, which is what makes a
 * replay after a crash overwrite rather than duplicate.
 */
public final class ObjectWriter {
    /** The Content-Type of every object Firehose writes, compressed, converted or not. */
    public static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;

    public ObjectWriter(S3Client s3) {
        this.s3 = s3;
    }

    public void put(String bucket, String key, Path file, Optional<String> contentEncoding) {
        PutObjectRequest.Builder request =
                PutObjectRequest.builder().bucket(bucket).key(key).contentType(CONTENT_TYPE);
        contentEncoding.ifPresent(request::contentEncoding);
        s3.putObject(request.build(), RequestBody.fromFile(file));
    }
}
