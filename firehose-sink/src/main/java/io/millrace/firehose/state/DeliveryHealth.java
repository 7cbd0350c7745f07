package io.millrace.firehose.state;

import io.millrace.firehose.metrics.DeliveryMetrics;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Whether one task delivers: every delivery attempt (S3 write, HTTP request, bulk request, Iceberg commit) ends in {@link #succeeded} or {@link #failed}. A change between
 * delivering and failing is logged once (never a line per retry) and published at once; otherwise the report is
 * published every interval ({@link #publishIfDue}), so that the gateways can tell a live task from a gone one.
 */
public final class DeliveryHealth {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHealth.class);
    private static final int MAX_MESSAGE = 500;

    private final String stream;
    private final String task;
    private final DeliveryTarget target;
    private final DeliveryMetrics.Output metrics;
    private final Consumer<HealthReport> publisher;
    private final LongSupplier clock;
    private final long intervalMillis;
    private long failingSince;
    private long consecutiveFailures;
    private String errorType;
    private String errorMessage;
    private long lastSuccess;
    private long lastPublished;

    /** @param publisher where reports go (the health topic), called on the caller's thread; must not block long */
    public DeliveryHealth(
            String stream,
            String task,
            DeliveryTarget target,
            DeliveryMetrics.Output metrics,
            Consumer<HealthReport> publisher,
            LongSupplier clock,
            long intervalMillis) {
        this.stream = stream;
        this.task = task;
        this.target = target;
        this.metrics = metrics;
        this.publisher = publisher;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** An attempt to write the finished objects succeeded. */
    public synchronized void succeeded() {
        long now = clock.getAsLong();
        lastSuccess = now;
        if (failingSince == 0) {
            return;
        }
        LOG.info(
                "Delivery stream {}: delivery to {} recovered after {} failed attempts over {} s",
                stream,
                target.describe(),
                consecutiveFailures,
                Math.max(0, (now - failingSince) / 1000));
        failingSince = 0;
        consecutiveFailures = 0;
        errorType = null;
        errorMessage = null;
        publish(now);
    }

    /** An attempt failed with {@code error} (the destination's error, or the segment log's). */
    public synchronized void failed(Throwable error) {
        long now = clock.getAsLong();
        consecutiveFailures++;
        errorType = errorType(error);
        errorMessage = message(error);
        if (failingSince != 0) {
            return;
        }
        failingSince = now;
        LOG.warn(
                "Delivery stream {}: delivery to {} is failing ({}: {}); records stay in Kafka and deliveries "
                        + "are retried with backoff",
                stream,
                target.describe(),
                errorType,
                errorMessage);
        publish(now);
    }

    public synchronized boolean isFailing() {
        return failingSince != 0;
    }

    /** Publishes the report when the interval has passed since the last one. */
    public synchronized void publishIfDue() {
        long now = clock.getAsLong();
        if (now - lastPublished >= intervalMillis) {
            publish(now);
        }
    }

    public synchronized HealthReport report() {
        return report(clock.getAsLong());
    }

    private HealthReport report(long now) {
        return new HealthReport(
                stream,
                task,
                target.bucket(),
                target.kind(),
                target.target(),
                now,
                intervalMillis,
                failingSince,
                consecutiveFailures,
                errorType,
                errorMessage,
                lastSuccess,
                metrics.successfulPuts(),
                metrics.failedPuts(),
                metrics.records(),
                metrics.bytes(),
                metrics.freshnessSeconds());
    }

    private void publish(long now) {
        lastPublished = now;
        try {
            publisher.accept(report(now));
        } catch (RuntimeException e) {
            // Health is best effort: the next interval publishes again.
            LOG.debug("Delivery health of {} not published: {}", stream, e.toString());
        }
    }

    /**
     * A failure that names its own type: one of AWS's DeliveryStreamFailureType values (DISABLED_KMS_KEY, ...), which
     * DescribeDeliveryStream's FailureDescription then shows as its Type.
     */
    public interface TypedFailure {
        String failureType();
    }

    /**
     * The failure's own type ({@link TypedFailure}), S3's error code when S3 answered (NoSuchBucket, AccessDenied,
     * ...), else the exception's class.
     */
    static String errorType(Throwable error) {
        if (error instanceof TypedFailure typed) {
            return typed.failureType();
        }
        if (error instanceof AwsServiceException aws
                && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return error.getClass().getSimpleName();
    }

    private static String message(Throwable error) {
        String message = error instanceof AwsServiceException aws
                        && aws.awsErrorDetails() != null
                        && aws.awsErrorDetails().errorMessage() != null
                ? aws.awsErrorDetails().errorMessage()
                : String.valueOf(error.getMessage());
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }

    /** The failure as DescribeDeliveryStream's FailureDescription Details tells it. */
    public static String details(HealthReport report) {
        DeliveryTarget target = report.deliveryTarget();
        StringBuilder s = new StringBuilder("Delivery to ")
                .append(target.describe())
                .append(" has been failing since ")
                .append(Instant.ofEpochMilli(report.failingSinceMillis()))
                .append(": ")
                .append(report.errorType())
                .append(": ")
                .append(report.errorMessage())
                .append(" (")
                .append(report.consecutiveFailures())
                .append(" failed attempts; ");
        if (report.lastSuccessMillis() > 0) {
            s.append("last successful delivery ").append(Instant.ofEpochMilli(report.lastSuccessMillis()));
        } else {
            s.append("no successful delivery since the task started");
        }
        return s.append("). ").append(target.meanwhile()).toString();
    }
}
