package io.millrace.bench.workload;

import java.net.URI;

/**
 * The S3-compatible store a delivery stream writes to, which the {@code firehose} workload watches.
 *
 * @param endpoint  base URL, e.g. {@code http://127.0.0.1:9000}; null for AWS S3 itself
 * @param region    signing region
 * @param accessKey access key id
 * @param secretKey its secret
 * @param pathStyle path-style requests (S3Proxy, MinIO) instead of virtual-hosted buckets
 */
public record S3Target(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {

    public String describe() {
        return (endpoint == null ? "AWS S3" : endpoint.toString()) + " (region " + region + ")";
    }
}
