package io.millrace.bench.workload;

import java.net.URI;
import java.nio.file.Path;

/**
 * The Kinesis-compatible endpoint under test.
 *
 * @param endpoint  base URL, e.g. {@code http://127.0.0.1:4567}
 * @param region    signing region
 * @param cbor      true for the SDK's default CBOR wire format, false for JSON 1.1
 * @param accessKey access key id the requests are signed with
 * @param secretKey its secret
 * @param caBundle  PEM file of the CAs an https endpoint is trusted by, or null for the JVM's default trust
 */
public record KinesisTarget(
        URI endpoint, String region, boolean cbor, String accessKey, String secretKey, Path caBundle) {

    public String describe() {
        return endpoint + " (" + (cbor ? "CBOR" : "JSON 1.1") + ", region " + region + ")";
    }
}
