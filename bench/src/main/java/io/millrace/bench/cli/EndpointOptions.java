package io.millrace.bench.cli;

import io.millrace.bench.stats.CpuProbe;
import io.millrace.bench.workload.KinesisTarget;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the Kinesis-compatible endpoint is and how to talk to it. */
public final class EndpointOptions {

    @Option(
            names = "--endpoint",
            defaultValue = "http://127.0.0.1:4567",
            description = "Kinesis-compatible endpoint URL (default: ${DEFAULT-VALUE})")
    URI endpoint;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Signing region (default: ${DEFAULT-VALUE})")
    String region;

    @Option(
            names = "--cbor",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "CBOR wire format, the SDK's default; --no-cbor sends JSON 1.1 (default: ${DEFAULT-VALUE})")
    boolean cbor;

    @Option(
            names = "--access-key",
            defaultValue = "millrace",
            description = "Access key id the requests are signed with (default: ${DEFAULT-VALUE})")
    String accessKey;

    @Option(
            names = "--secret-key",
            defaultValue = "millrace",
            description = "Secret key the requests are signed with (default: ${DEFAULT-VALUE})")
    String secretKey;

    @Option(
            names = "--ca-bundle",
            paramLabel = "FILE",
            description = "PEM file of the CA that an https endpoint's certificate is checked against (as the AWS"
                    + " CLI's --ca-bundle), e.g. DATA/tls/ca.pem of millrace up; default: the JVM's trusted CAs")
    Path caBundle;

    @Option(
            names = "--platform-pid",
            paramLabel = "PID",
            description = "Process of the platform under test, whose CPU time (from /proc/PID/stat) each phase"
                    + " reports per GiB; default: the process listening on the endpoint's port, when it is on a"
                    + " loopback address")
    Long platformPid;

    /** The platform process whose CPU time each phase reports. */
    CpuProbe cpuProbe() {
        return CpuProbe.resolve(platformPid, endpoint, "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80);
    }

    KinesisTarget target() {
        return new KinesisTarget(endpoint, region, cbor, accessKey, secretKey, caBundle);
    }
}
