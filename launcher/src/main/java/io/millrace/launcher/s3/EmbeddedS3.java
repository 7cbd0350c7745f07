package io.millrace.launcher.s3;

import io.millrace.gateway.access.AccessControl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible store in this process (S3Proxy), keeping buckets as directories under {@code DIR}, so a restart
 * finds every object. On loopback it checks no signature: a local store for local clients, which may sign with any
 * credentials. Exposed to the network, it accepts only signed requests: of its {@link S3Credentials} (the platform's
 * own identity) and, once {@link #acceptKeysOf} gives it IAM's keys, of IAM users and STS sessions, each call
 * authorized with the caller's policies ({@link S3KeyLocator}).
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy proxy;
    private final String endpoint;
    private final Optional<S3KeyLocator> locator;

    private EmbeddedS3(S3Proxy proxy, String endpoint, Optional<S3KeyLocator> locator) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.locator = locator;
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
        BlobStore store = new FilesystemNio2BlobStore(
                directory.toAbsolutePath().normalize().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + bindAddress + ":" + port))
                .awsAuthentication(
                        identity.isPresent() ? AuthenticationType.AWS_V2_OR_V4 : AuthenticationType.NONE,
                        identity.map(S3Credentials::accessKeyId).orElse(null),
                        identity.map(S3Credentials::secretAccessKey).orElse(null))
                // S3Proxy answers NotImplemented to x-amz- headers it does not know, x-amz-security-token among them:
                // temporary credentials could not be used at all. S3 itself ignores headers it does not use.
                .ignoreUnknownHeaders(true)
                .build();
        Optional<S3KeyLocator> locator = identity.map(platform -> new S3KeyLocator(store, platform, Clock.systemUTC()));
        if (locator.isPresent()) {
            proxy.setBlobStoreLocator(locator.get());
            S3RequestCapture.install(proxy);
        }
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
        EmbeddedS3 s3 = new EmbeddedS3(proxy, "http://" + host + ":" + proxy.getPort(), locator);
        LOG.info(
                "S3 store listening on {}, buckets in {}{}",
                s3.endpoint,
                directory,
                identity.map(id -> ", signed requests of " + id.accessKeyId() + " and of IAM's keys only")
                        .orElse(""));
        return s3;
    }

    /** The URL clients reach the store at, e.g. {@code http://127.0.0.1:9000}. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * An exposed store also accepts the keys {@code access} knows (IAM users', STS sessions'), authorized by its
     * authorizer; a store on loopback checks no signature and ignores this.
     */
    public void acceptKeysOf(AccessControl access) {
        locator.ifPresent(found -> found.acceptKeysOf(access));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        LOG.info("S3 store stopped");
    }
}
