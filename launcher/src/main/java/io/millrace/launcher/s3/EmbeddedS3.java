package io.millrace.launcher.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible store in this process (S3Proxy), keeping buckets as directories under {@code DIR}, so a restart
 * finds every object. On loopback it checks no signature: a local store for local clients, which may sign with any
 * credentials. Exposed to the network, it accepts only requests signed with its {@link S3Credentials}.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy proxy;
    private final String endpoint;

    private EmbeddedS3(S3Proxy proxy, String endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** A store that checks no signature. */
    public static EmbeddedS3 start(Path directory, String bindAddress, int port) throws Exception {
        return start(directory, bindAddress, port, Optional.empty());
    }

    /** A store that accepts only SigV2/SigV4 requests signed with {@code identity}, when given. */
    public static EmbeddedS3 start(Path directory, String bindAddress, int port, Optional<S3Credentials> identity)
            throws Exception {
        Files.createDirectories(directory);
        // S3Proxy refuses every bucket (400 Bad Request) under a base path with '.' segments, such as the
        // default ./data made absolute: normalize it.
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(
                        directory.toAbsolutePath().normalize().toString()))
                .endpoint(URI.create("http://" + bindAddress + ":" + port))
                .awsAuthentication(
                        identity.isPresent() ? AuthenticationType.AWS_V2_OR_V4 : AuthenticationType.NONE,
                        identity.map(S3Credentials::accessKeyId).orElse(null),
                        identity.map(S3Credentials::secretAccessKey).orElse(null))
                .build();
        proxy.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3 store did not start (" + proxy.getState() + ")");
            }
            Thread.sleep(10);
        }
        String host = "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        EmbeddedS3 s3 = new EmbeddedS3(proxy, "http://" + host + ":" + proxy.getPort());
        LOG.info(
                "S3 store listening on {}, buckets in {}{}",
                s3.endpoint,
                directory,
                identity.map(id -> ", signed requests of " + id.accessKeyId() + " only")
                        .orElse(""));
        return s3;
    }

    /** The URL clients reach the store at, e.g. {@code http://127.0.0.1:9000}. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        LOG.info("S3 store stopped");
    }
}
