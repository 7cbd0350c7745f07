package io.millrace.analytics.access;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Authorizes a sink subtask's writes to a Kinesis stream, or to a Firehose delivery stream
 * ({@link #ofDeliveryStream}), as the job's role ({@link RoleAccess}): once when the sink opens,
 * before its first record, then again every {@code recheckInterval} while records flow, in the background; a refusal
 * fails the job at its next record, with AWS's AccessDeniedException as its cause (Flink's restart strategy decides
 * what follows, and a restarted sink asks again before writing). An answer that decides nothing (the gateway
 * unreachable, throttling) fails a sink that has not been allowed yet, and is logged and asked again otherwise.
 *
 * <p>The gateway's Kinesis (or Firehose) client is shared by the guards of a task manager that act as the same role
 * at the same endpoint ({@link SharedClients}): {@link #close} gives it up, and a guard whose holder has no close hook (a Kafka
 * record serializer) gives it up once it is garbage collected; the last one closes it.
 */
public final class WriteGuard implements Serializable, AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WriteGuard.class);
    private static final SharedClients<RoleAccess, KinesisClient> KINESIS =
            new SharedClients<>(GatewayClients::kinesis);
    private static final SharedClients<RoleAccess, FirehoseClient> FIREHOSE =
            new SharedClients<>(GatewayClients::firehose);

    private final RoleAccess access;
    private final String stream;
    /** True for a Firehose delivery stream (asked {@code firehose:PutRecordBatch}), false for a Kinesis stream. */
    private final boolean deliveryStream;

    private transient SharedClients.Lease<?> lease;
    private transient WriteAuthorizer authorizer;
    private transient long nextCheckNanos;
    private transient CompletableFuture<Void> pending;
    private transient StreamAccessDeniedException refused;

    /** Asks {@code kinesis:PutRecords} on the Kinesis stream {@code stream}. */
    public WriteGuard(RoleAccess access, String stream) {
        this(access, stream, false);
    }

    private WriteGuard(RoleAccess access, String stream, boolean deliveryStream) {
        this.access = access;
        this.stream = stream;
        this.deliveryStream = deliveryStream;
    }

    /** Asks {@code firehose:PutRecordBatch} on the Firehose delivery stream {@code name}. */
    public static WriteGuard ofDeliveryStream(RoleAccess access, String name) {
        return new WriteGuard(access, name, true);
    }

    /** Asks before the sink writes anything: returns once the role may write, else throws. */
    public void open() {
        close();
        if (deliveryStream) {
            SharedClients.Lease<FirehoseClient> firehose = FIREHOSE.acquire(access);
            lease = firehose;
            authorizer = WriteAuthorizer.ofDeliveryStream(firehose.client(), stream);
        } else {
            SharedClients.Lease<KinesisClient> kinesis = KINESIS.acquire(access);
            lease = kinesis;
            authorizer = WriteAuthorizer.ofStream(kinesis.client(), stream);
        }
        SharedClients.releaseWhenUnreachable(this, lease);
        try {
            authorizer.authorize();
        } catch (StreamAccessDeniedException denied) {
            LOG.warn("{}: writes refused, failing the job: {}", this, denied.getMessage());
            throw denied;
        } catch (RuntimeException undecided) {
            throw new FlinkRuntimeException(
                    "Cannot authorize writes to " + this + ": " + undecided.getMessage(), undecided);
        }
        nextCheckNanos = System.nanoTime() + access.recheckInterval().toNanos();
        LOG.info("{}: writes authorized, checked again every {}", this, access.recheckInterval());
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
                    LOG.warn("{}: writes refused, failing the job: {}", this, denied.getMessage());
                    refused = denied;
                    throw denied;
                }
                LOG.warn(
                        "{}: write authorization undecided, asking again in {}: {}",
                        this,
                        access.recheckInterval(),
                        cause.toString());
            }
        }
        long now = System.nanoTime();
        if (pending == null && now - nextCheckNanos >= 0) {
            nextCheckNanos = now + access.recheckInterval().toNanos();
            WriteAuthorizer asking = authorizer;
            pending = CompletableFuture.runAsync(asking::authorize);
        }
    }

    /** The stream (or delivery stream) whose writes it authorizes. */
    public String stream() {
        return stream;
    }

    /** "stream NAME" or "delivery stream NAME", for log lines and operator names. */
    @Override
    public String toString() {
        return (deliveryStream ? "delivery stream " : "stream ") + stream;
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
        return KINESIS.open() + FIREHOSE.open();
    }
}
