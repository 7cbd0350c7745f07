package io.millrace.analytics.access;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Authorizes a sink subtask's writes to a stream as the job's role ({@link RoleAccess}): once when the sink opens,
 * before its first record, then again every {@code recheckInterval} while records flow, in the background; a refusal
 * fails the job at its next record, with AWS's AccessDeniedException as its cause (Flink's restart strategy decides
 * what follows, and a restarted sink asks again before writing). An answer that decides nothing (the gateway
 * unreachable, throttling) fails a sink that has not been allowed yet, and is logged and asked again otherwise.
 *
 * <p>The gateway's Kinesis client is shared by the guards of a task manager that act as the same role at the same
 * endpoint ({@link SharedClients}): {@link #close} gives it up, and a guard whose holder has no close hook (a Kafka
 * record serializer) gives it up once it is garbage collected; the last one closes it.
 */
public final class WriteGuard implements Serializable, AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WriteGuard.class);
    private static final SharedClients<RoleAccess, KinesisClient> CLIENTS = new SharedClients<>(GatewayKinesis::client);

    private final RoleAccess access;
    private final String stream;
    private transient SharedClients.Lease<KinesisClient> lease;
    private transient WriteAuthorizer authorizer;
    private transient long nextCheckNanos;
    private transient CompletableFuture<Void> pending;
    private transient StreamAccessDeniedException refused;

    public WriteGuard(RoleAccess access, String stream) {
        this.access = access;
        this.stream = stream;
    }

    /** Asks before the sink writes anything: returns once the role may write, else throws. */
    public void open() {
        close();
        lease = CLIENTS.acquire(access);
        SharedClients.releaseWhenUnreachable(this, lease);
        authorizer = new WriteAuthorizer(lease.client());
        try {
            authorizer.authorize(stream);
        } catch (StreamAccessDeniedException denied) {
            LOG.warn("Stream {}: writes refused, failing the job: {}", stream, denied.getMessage());
            throw denied;
        } catch (RuntimeException undecided) {
            throw new FlinkRuntimeException(
                    "Cannot authorize writes to stream " + stream + ": " + undecided.getMessage(), undecided);
        }
        nextCheckNanos = System.nanoTime() + access.recheckInterval().toNanos();
        LOG.info("Stream {}: writes authorized, checked again every {}", stream, access.recheckInterval());
    }

    /** Before each record: throws once the role may no longer write; asks again when the interval is up. */
    public void check() {
        if (refused != null) {
            throw refused;
        }
        if (pending != null && pending.isDone()) {
            CompletableFuture<Void> answered = pending;
            pending = null;
            try {
                answered.join();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof StreamAccessDeniedException denied) {
                    LOG.warn("Stream {}: writes refused, failing the job: {}", stream, denied.getMessage());
                    refused = denied;
                    throw denied;
                }
                LOG.warn(
                        "Stream {}: write authorization undecided, asking again in {}: {}",
                        stream,
                        access.recheckInterval(),
                        cause.toString());
            }
        }
        long now = System.nanoTime();
        if (pending == null && now - nextCheckNanos >= 0) {
            nextCheckNanos = now + access.recheckInterval().toNanos();
            WriteAuthorizer asking = authorizer;
            pending = CompletableFuture.runAsync(() -> asking.authorize(stream));
        }
    }

    /** The stream whose writes it authorizes. */
    public String stream() {
        return stream;
    }

    /** How often the guard asks again. */
    public Duration recheckInterval() {
        return access.recheckInterval();
    }

    /** Gives up the shared client; {@link #open} takes it again. */
    @Override
    public void close() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    /** How many gateway clients the guards of this JVM hold open: for tests. */
    static int openClients() {
        return CLIENTS.open();
    }
}
