package io.millrace.firehose.s3;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes one finished buffer file as one S3 object, with the headers Firehose's objects carry: Content-Type
 * {@code application/octet-stream} whatever the format, the compression's Content-Encoding if any, and SSE-KMS under
 * the configured key for the buckets that have one. A single PutObject streamed from the file is enough: an
 * object is at most 128 MiB of records (BufferingHints.SizeInMBs), far below PutObject's 5 GiB limit, and the
 * SDK reads the body from disk, never from the heap. A PUT to an existing key replaces it, which is what makes a
 * replay after a crash overwrite rather than duplicate.
 */
public final class ObjectWriter {
    /** The Content-Type of every object Firehose writes, compressed, converted or not. */
    public static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final Map<String, String> kmsKeys;

    public ObjectWriter(S3Client s3) {
        this(s3, Map.of());
    }

    /**
     * @param kmsKeys the KMS key ARN of each bucket whose objects ask for SSE-KMS
     *     ({@code EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN})
     */
    public ObjectWriter(S3Client s3, Map<String, String> kmsKeys) {
        this.s3 = s3;
        this.kmsKeys = Map.copyOf(kmsKeys);
    }

    public void put(String bucket, String key, Path file, Optional<String> contentEncoding) {
        PutObjectRequest.Builder request =
                PutObjectRequest.builder().bucket(bucket).key(key).contentType(CONTENT_TYPE);
        contentEncoding.ifPresent(request::contentEncoding);
        String kmsKey = kmsKeys.get(bucket);
        if (kmsKey != null) {
            // As Firehose asks S3: x-amz-server-side-encryption: aws:kms and the key's ARN.
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKey);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromFile(file));
        } catch (S3Exception e) {
            throw kmsKey != null && e.statusCode() == 501 ? encryptionRefused(e, kmsKey) : e;
        }
    }

    /**
     * A store without server-side encryption (S3Proxy's filesystem store answers 501 NotImplemented, "Server-side
     * encryption is not supported.") refuses the object rather than store it unencrypted. The write fails and is
     * retried like any other, so no record is lost, and the delivery's health says why in words of its own.
     */
    private static S3Exception encryptionRefused(S3Exception e, String kmsKey) {
        String said = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        String message = "The S3 store refused SSE-KMS with " + kmsKey
                + " (EncryptionConfiguration.KMSEncryptionConfig)"
                + ": " + said + " Records stay buffered until the store accepts them or the encryption configuration"
                + " is changed.";
        return (S3Exception) e.toBuilder()
                .message(message)
                .awsErrorDetails(
                        e.awsErrorDetails() == null
                                ? null
                                : e.awsErrorDetails().toBuilder()
                                        .errorMessage(message)
                                        .build())
                .build();
    }
}
