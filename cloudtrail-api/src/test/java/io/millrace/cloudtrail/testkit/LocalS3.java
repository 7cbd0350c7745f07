package io.millrace.cloudtrail.testkit;

import io.millrace.gateway.config.S3Settings;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** An in-memory S3 store (S3Proxy, as {@code millrace up} embeds it) that trails deliver to. */
public final class LocalS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "s3-test-key";
    public static final String SECRET_KEY = "s3-test-secret";

    private final S3Proxy proxy;

    private LocalS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static LocalS3 start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        return new LocalS3(proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public S3Settings.S3Connection connection() {
        return new S3Settings.S3Connection(endpoint().toString(), "us-east-1", ACCESS_KEY, SECRET_KEY, true);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
