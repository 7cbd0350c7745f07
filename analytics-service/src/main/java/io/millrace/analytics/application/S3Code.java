package io.millrace.analytics.application;

import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the jar of an {@code S3ContentLocation} (BucketARN {@code arn:aws:s3:::BUCKET}, FileKey, ObjectVersion) from
 * the configured S3 endpoint: Millrace's own store in {@code millrace up}, or AWS S3. The jar is read once, when the
 * code is given (CreateApplication, UpdateApplication), and kept like a ZipFileContent jar.
 */
final class S3Code implements AutoCloseable {

    // ZipFileContent's maximum in the model, which AWS applies to code in S3 as well.
    private static final long MAX_CODE_BYTES = 52_428_800L;

    private final S3Client s3;

    S3Code(Configuration options) {
        String accessKey = options.get(AnalyticsConfig.S3_ACCESS_KEY_ID);
        AwsCredentialsProvider credentials = accessKey == null || accessKey.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, options.get(AnalyticsConfig.S3_SECRET_ACCESS_KEY)));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(options.get(AnalyticsConfig.S3_REGION)))
                .credentialsProvider(credentials)
                .forcePathStyle(options.get(AnalyticsConfig.S3_PATH_STYLE_ACCESS))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)));
        String endpoint = options.get(AnalyticsConfig.S3_ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        this.s3 = builder.build();
    }

    /** The object's bytes; InvalidArgumentException naming it when it cannot be read. */
    byte[] read(String bucketArn, String key, String version) {
        String bucket = bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
        String where = "s3://" + bucket + "/" + key + (version == null ? "" : " (version " + version + ")");
        try {
            GetObjectRequest.Builder request =
                    GetObjectRequest.builder().bucket(bucket).key(key);
            if (version != null && !version.isEmpty()) {
                request.versionId(version);
            }
            byte[] bytes = s3.getObjectAsBytes(request.build()).asByteArray();
            if (bytes.length > MAX_CODE_BYTES) {
                throw ApplicationErrors.invalidArgument("The code at " + where + " has " + bytes.length
                        + " bytes, more than" + " the maximum of " + MAX_CODE_BYTES + ".");
            }
            return bytes;
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw ApplicationErrors.invalidArgument("Could not read the application code at " + where + ": no such "
                    + (e instanceof NoSuchKeyException ? "key" : "bucket") + ".");
        } catch (SdkException e) {
            throw ApplicationErrors.invalidArgument(
                    "Could not read the application code at " + where + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
