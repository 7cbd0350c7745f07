package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Flink job of every RUNNING application, as AWS's service does, so a job that fails is seen: the
 * application stays RUNNING while Flink restarts the job (as on AWS), and each root cause it fails with is recorded
 * once in the application's record ({@code jobFailures}, a FAILED {@value OperationActions#JOB_FAILURE} operation)
 * and logged once, by whichever gateway's write recorded it; a job that has run {@link #STABLE} without failing
 * again clears them (one line); a job Flink gave up on (FAILED) leaves the application READY. Every gateway
 * watches: the truth is the store and Flink, so any gateway answers alike and one that stops changes nothing.
 */
final class JobHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobHealth.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    /** How long a restarted job must run without failing to count as recovered (Flink's longest restart delay). */
    static final Duration STABLE = Duration.ofSeconds(30);

    private static final Duration FLINK_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What Flink says of one job.
     *
     * @param now           the JobManager's clock
     * @param runningSince  when the job last became RUNNING (0 if never)
     * @param lastFailureAt when it last failed (0 if never)
     * @param lastFailure   the root cause of that failure (null if never)
     */
    record Observed(JobStatus status, long now, long runningSince, long lastFailureAt, String lastFailure) {

        boolean healthy() {
            return status == JobStatus.RUNNING
                    && (lastFailure == null || lastFailureAt < runningSince && now - runningSince >= STABLE.toMillis());
        }
    }

    private final ApplicationStore store;
    private final FlinkJobs jobs;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<?> clusterReady;

    JobHealth(
            ApplicationStore store, FlinkJobs jobs, ScheduledExecutorService timer, CompletableFuture<?> clusterReady) {
        this.store = store;
        this.jobs = jobs;
        this.timer = timer;
        this.clusterReady = clusterReady;
    }

    void start() {
        timer.scheduleWithFixedDelay(
                this::checkAll, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkAll() {
        if (!clusterReady.isDone() || clusterReady.isCompletedExceptionally()) {
            return;
        }
        for (ApplicationMetadata app : store.applications()) {
            // A job stopped with a savepoint at shutdown (resumeFrom) is not a failure: it resumes at the next start.
            if (!Status.RUNNING.equals(app.getStatus()) || app.getJobId() == null || app.getResumeFrom() != null) {
                continue;
            }
            Observed observed;
            try {
                observed = jobs.health(app.getJobId()).get(FLINK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Unknown to this gateway's cluster (another gateway's embedded one) or unreachable: nothing to judge
                // by.
                LOG.debug(
                        "Application {}: job {} not observed: {}",
                        app.getName(),
                        app.getJobId(),
                        e instanceof ExecutionException ? e.getCause() : e);
                continue;
            }
            try {
                check(app, observed);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Application {}: recording the health of job {} failed: {}",
                        app.getName(),
                        app.getJobId(),
                        e.toString());
            }
        }
    }

    void check(ApplicationMetadata app, Observed observed) {
        String name = app.getName();
        String jobId = app.getJobId();
        if (observed.status() == JobStatus.FAILED) {
            String cause = observed.lastFailure() == null ? "the Flink job failed" : observed.lastFailure();
            if (record(app, m -> {
                if (!m.getJobFailures().contains(cause)) {
                    OperationActions.jobFailed(
                            m,
                            cause,
                            observed.lastFailureAt() > 0 ? observed.lastFailureAt() : System.currentTimeMillis());
                }
                m.setStatus(Status.READY);
                m.setJobId(null);
                m.setJobFailures(List.of());
                m.setLastFailure("Job failed: " + cause);
                return m;
            })) {
                LOG.warn("Application {}: job failed for good, the application is READY: {}", name, cause);
            }
        } else if (!observed.healthy() && observed.lastFailure() != null) {
            String cause = observed.lastFailure();
            if (app.getJobFailures().contains(cause)) {
                return;
            }
            if (record(app, m -> {
                if (m.getJobFailures().contains(cause)) {
                    return null;
                }
                List<String> failures = new ArrayList<>(m.getJobFailures());
                failures.add(cause);
                m.setJobFailures(failures);
                OperationActions.jobFailed(m, cause, observed.lastFailureAt());
                return m;
            })) {
                LOG.warn("Application {}: job failing: {}", name, cause);
            }
        } else if (observed.healthy() && !app.getJobFailures().isEmpty()) {
            if (record(app, m -> {
                if (m.getJobFailures().isEmpty()) {
                    return null;
                }
                m.setJobFailures(List.of());
                return m;
            })) {
                LOG.info(
                        "Application {}: job recovered: running for {} s without failing",
                        name,
                        (observed.now() - observed.runningSince()) / 1000);
            }
        }
        // Otherwise healthy and recorded so, or failing with causes already recorded: nothing to write.
        LOG.trace("Application {}: job {} {}", name, jobId, observed);
    }

    /**
     * Writes {@code change} if the application still runs the same job; true when this gateway's write recorded it
     * (false when another gateway already had, or the application moved on).
     */
    private boolean record(ApplicationMetadata app, UnaryOperator<ApplicationMetadata> change) {
        AtomicBoolean wrote = new AtomicBoolean();
        try {
            store.update(app.getName(), app.getIncarnation(), m -> {
                        boolean same = Status.RUNNING.equals(m.getStatus())
                                && app.getJobId().equals(m.getJobId())
                                && m.getResumeFrom() == null;
                        ApplicationMetadata next = same ? change.apply(m) : null;
                        wrote.set(next != null);
                        return next;
                    })
                    .get(FLINK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return wrote.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * The root cause of a failure as Flink's exception history gives it: the last {@code Caused by:} of the stack
     * trace (or its first line), on one line, such as {@code java.lang.ArithmeticException: / by zero}.
     */
    static String rootCause(String stacktrace, String exceptionName) {
        String root = null;
        if (stacktrace != null) {
            for (String line : stacktrace.split("\\R")) {
                String text = line.strip();
                if (root == null && !text.isEmpty()) {
                    root = text;
                } else if (text.startsWith("Caused by: ")) {
                    root = text.substring("Caused by: ".length());
                }
            }
        }
        return root != null ? root : exceptionName != null ? exceptionName : "unknown failure";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
