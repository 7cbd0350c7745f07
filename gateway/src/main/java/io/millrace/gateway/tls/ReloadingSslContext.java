package io.millrace.gateway.tls;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of new connections, read again when the certificate or key file changes (a renewal by
 * cert-manager, certbot or an operator's copy), with no restart: connections open stay on the context they began
 * with. A pair that cannot be read (half-written, a key of another certificate) is refused with one warning line,
 * and the last good one keeps serving until the files change again.
 */
public final class ReloadingSslContext implements Supplier<SslContext>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);

    /** What is checked before the files are compared: the local CA renews its server certificate there. */
    public interface BeforeCheck {
        void run() throws IOException;
    }

    private final Path certFile;
    private final Path keyFile;
    private final String password;
    private final BeforeCheck beforeCheck;
    private final ScheduledExecutorService timer;
    private volatile SslContext current;
    private volatile KeyMaterial material;
    /** The files as last read, whether the read succeeded or not: each change is tried, and reported, once. */
    private List<Object> seen;

    private ReloadingSslContext(Path certFile, Path keyFile, String password, BeforeCheck beforeCheck) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.password = password;
        this.beforeCheck = beforeCheck;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "millrace-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads the files now (failing if they cannot be read) and checks them every {@code interval}. */
    public static ReloadingSslContext start(
            Path certFile, Path keyFile, String password, Duration interval, BeforeCheck beforeCheck)
            throws IOException {
        ReloadingSslContext context = new ReloadingSslContext(certFile, keyFile, password, beforeCheck);
        try {
            context.seen = context.stamp();
            context.load();
        } catch (IOException | RuntimeException e) {
            context.close();
            throw e;
        }
        context.timer.scheduleWithFixedDelay(
                context::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return context;
    }

    @Override
    public SslContext get() {
        return current;
    }

    /** The certificate chain new connections are served. */
    public KeyMaterial material() {
        return material;
    }

    /** One check, as the timer runs it; tests call it to skip the wait. */
    public synchronized void check() {
        List<Object> now;
        try {
            beforeCheck.run();
            now = stamp();
        } catch (IOException | RuntimeException e) {
            // Missing for a moment while being replaced, or gone: reported once, by the read below.
            now = List.of("unreadable", String.valueOf(e.getMessage()));
        }
        if (Objects.equals(now, seen)) {
            return;
        }
        seen = now;
        try {
            load();
            LOG.info("TLS certificate reloaded from {}: {}", certFile, describe(material));
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS certificate in {} not reloaded, the previous one still serves: {}", certFile, e.getMessage());
        }
    }

    private void load() throws IOException {
        KeyMaterial read = KeyMaterial.read(certFile, keyFile, password);
        current = ServerSslContexts.forServer(read);
        material = read;
    }

    /** Modification time, size and file key (inode) of both files: a rename over them changes the key. */
    private List<Object> stamp() throws IOException {
        BasicFileAttributes cert = Files.readAttributes(certFile, BasicFileAttributes.class);
        BasicFileAttributes key = Files.readAttributes(keyFile, BasicFileAttributes.class);
        return List.of(
                cert.lastModifiedTime(),
                cert.size(),
                String.valueOf(cert.fileKey()),
                key.lastModifiedTime(),
                key.size(),
                String.valueOf(key.fileKey()));
    }

    public static String describe(KeyMaterial material) {
        return material.certificate().getSubjectX500Principal().getName() + ", issued by "
                + material.certificate().getIssuerX500Principal().getName() + ", valid until "
                + material.certificate().getNotAfter().toInstant();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
