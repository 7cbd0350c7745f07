package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import io.millrace.schemas.analytics.ApplicationSnapshot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow half of every status change, off the request threads: submitting an application's job (restored from a
 * snapshot), stopping it with or without a snapshot, taking and deleting snapshots, deleting an application. Each
 * ends by writing the status AWS would show next (RUNNING, READY, ...); a failure is logged for operators, recorded
 * in the application and leaves every other application alone.
 */
final class ApplicationLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationLifecycle.class);
    private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);

    private final ApplicationStore store;
    private final FlinkJobs jobs;
    private final ApplicationCode code;
    private final ExecutionRoles roles;
    private final ApplicationKafkaAccess kafka;
    private final String savepointDir;
    private final Executor executor;

    /**
     * @param clusterReady completes once the Flink cluster answers (the launcher's mini-cluster finishes starting
     *                     after the platform is ready): every job operation waits for it
     */
    ApplicationLifecycle(
            ApplicationStore store,
            FlinkJobs jobs,
            ApplicationCode code,
            ExecutionRoles roles,
            ApplicationKafkaAccess kafka,
            String savepointDir,
            ExecutorService threads,
            CompletionStage<?> clusterReady) {
        this.store = store;
        this.jobs = jobs;
        this.code = code;
        this.roles = roles;
        this.kafka = kafka;
        this.savepointDir = savepointDir.endsWith("/") ? savepointDir : savepointDir + "/";
        CompletableFuture<Void> ready = clusterReady.toCompletableFuture().handle((ignored, error) -> null);
        this.executor = task -> ready.thenRunAsync(task, threads);
    }

    /** An application just written STARTING: submits its job, then RUNNING (or READY when it cannot run). */
    void start(ApplicationMetadata app) {
        executor.execute(() -> run(app));
    }

    private void run(ApplicationMetadata app) {
        String restoreFrom = null;
        String jobId = null;
        try {
            restoreFrom = restorePath(app);
            Map<String, String> options = new LinkedHashMap<>(config(app).flinkConfiguration(app.getName()));
            if (restoreFrom != null) {
                options.put(StateRecoveryOptions.SAVEPOINT_PATH.key(), restoreFrom);
            }
            if (roles.checked()) {
                roles.requireReads(app.getServiceExecutionRole(), app.getArn(), code.scannedStreams(config(app)));
                options.putAll(roles.jobOptions(app.getServiceExecutionRole(), app.getArn()));
                options.putAll(kafka.jobOptions(app));
            }
            jobId = code.submit(app, config(app), options);
            awaitRunning(jobId);
            String started = jobId;
            update(app, m -> {
                m.setStatus(Status.RUNNING);
                m.setJobId(started);
                m.setResumeFrom(null);
                m.setLastFailure(null);
                m.setJobFailures(List.of());
                OperationActions.finish(m, null);
                return m;
            });
            LOG.info(
                    "Application {} RUNNING as Flink job {}{}",
                    app.getName(),
                    jobId,
                    restoreFrom == null ? "" : " restored from " + restoreFrom);
        } catch (Exception e) {
            String reason = SqlCode.describe(unwrap(e));
            LOG.warn("Application {} could not start: {}", app.getName(), reason);
            if (jobId != null) {
                jobs.cancel(jobId).exceptionally(ignored -> null);
            }
            update(app, m -> {
                m.setStatus(Status.READY);
                m.setJobId(null);
                m.setLastFailure("Start failed: " + reason);
                m.setJobFailures(List.of());
                OperationActions.finish(m, reason);
                return m;
            });
        }
    }

    /** The savepoint a start restores: the one the platform stopped it with, else per ApplicationRestoreType. */
    private String restorePath(ApplicationMetadata app) {
        if (app.getResumeFrom() != null) {
            return app.getResumeFrom();
        }
        if (!config(app).snapshotsEnabled() && !Status.RESTORE_CUSTOM.equals(app.getRestoreType())) {
            return null;
        }
        return switch (app.getRestoreType()) {
            case Status.SKIP_RESTORE -> null;
            case Status.RESTORE_CUSTOM ->
                app.getSnapshots().stream()
                        .filter(s -> s.getName().equals(app.getRestoreSnapshotName()))
                        .map(ApplicationSnapshot::getSavepointPath)
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalStateException("snapshot " + app.getRestoreSnapshotName() + " is gone"));
            default -> latestSnapshot(app);
        };
    }

    static String latestSnapshot(ApplicationMetadata app) {
        return app.getSnapshots().stream()
                .filter(s -> Status.SNAPSHOT_READY.equals(s.getStatus()) && s.getSavepointPath() != null)
                .max(Comparator.comparingLong(ApplicationSnapshot::getCreatedAtMillis))
                .map(ApplicationSnapshot::getSavepointPath)
                .orElse(null);
    }

    private void awaitRunning(String jobId) throws Exception {
        long deadline = System.nanoTime() + JOB_START_TIMEOUT.toNanos();
        while (true) {
            JobStatus status = jobs.status(jobId).get(30, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("Flink job " + jobId + " ended " + status + " while starting");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Flink job " + jobId + " still " + status + " after " + JOB_START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * An application just written STOPPING or FORCE_STOPPING: stops its job, with a snapshot when snapshots are
     * enabled and the stop is not forced, then READY.
     */
    void stop(ApplicationMetadata app, boolean snapshot) {
        executor.execute(() -> {
            ApplicationSnapshot taken = null;
            String failure = null;
            try {
                if (app.getJobId() != null) {
                    if (snapshot) {
                        long now = System.currentTimeMillis();
                        String path = jobs.stopWithSavepoint(app.getJobId(), directory(app))
                                .get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        taken = snapshot(app, "millrace-stop-" + now, Status.SNAPSHOT_READY, now, path);
                    } else {
                        jobs.cancel(app.getJobId()).get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                LOG.info(
                        "Application {} stopped{}",
                        app.getName(),
                        taken == null ? "" : " with snapshot " + taken.getName());
            } catch (Exception e) {
                failure = "Stop failed: " + SqlCode.describe(unwrap(e));
                LOG.warn("Application {}: {}; cancelling its job", app.getName(), failure);
                if (app.getJobId() != null) {
                    jobs.cancel(app.getJobId()).exceptionally(ignored -> null);
                }
            }
            ApplicationSnapshot added = taken;
            String reason = failure;
            update(app, m -> {
                m.setStatus(Status.READY);
                m.setJobId(null);
                m.setLastFailure(reason);
                m.setJobFailures(List.of());
                OperationActions.finish(m, reason);
                if (added != null) {
                    List<ApplicationSnapshot> snapshots = new ArrayList<>(m.getSnapshots());
                    snapshots.add(added);
                    m.setSnapshots(snapshots);
                }
                return m;
            });
        });
    }

    /**
     * A RUNNING application just written UPDATING with its new configuration: its job stops (with a snapshot when
     * snapshots are enabled) and the new code starts from that snapshot, then RUNNING; READY when it cannot.
     */
    void restart(ApplicationMetadata app, boolean snapshot) {
        executor.execute(() -> {
            ApplicationSnapshot taken = null;
            try {
                if (app.getJobId() != null) {
                    if (snapshot) {
                        long now = System.currentTimeMillis();
                        String path = jobs.stopWithSavepoint(app.getJobId(), directory(app))
                                .get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        taken = snapshot(app, "millrace-update-" + now, Status.SNAPSHOT_READY, now, path);
                    } else {
                        jobs.cancel(app.getJobId()).get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            } catch (Exception e) {
                LOG.warn(
                        "Application {}: stopping its job for the update failed ({}); cancelling it",
                        app.getName(),
                        SqlCode.describe(unwrap(e)));
                jobs.cancel(app.getJobId()).exceptionally(ignored -> null);
            }
            ApplicationSnapshot added = taken;
            ApplicationMetadata restarting = update(app, m -> {
                m.setJobId(null);
                m.setResumeFrom(added == null ? null : added.getSavepointPath());
                if (added != null) {
                    List<ApplicationSnapshot> snapshots = new ArrayList<>(m.getSnapshots());
                    snapshots.add(added);
                    m.setSnapshots(snapshots);
                }
                return m;
            });
            if (restarting != null) {
                run(restarting);
            }
        });
    }

    /** A snapshot just written CREATING: takes the savepoint, then READY (or FAILED). */
    void snapshot(ApplicationMetadata app, String name) {
        executor.execute(() -> {
            String path = null;
            String failure = null;
            try {
                path = jobs.savepoint(app.getJobId(), directory(app))
                        .get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Application {}: snapshot {} taken", app.getName(), name);
            } catch (Exception e) {
                failure = "Snapshot " + name + " failed: " + SqlCode.describe(unwrap(e));
                LOG.warn("Application {}: {}", app.getName(), failure);
            }
            String savepoint = path;
            String reason = failure;
            update(app, m -> {
                List<ApplicationSnapshot> snapshots = new ArrayList<>();
                for (ApplicationSnapshot s : m.getSnapshots()) {
                    if (s.getName().equals(name)) {
                        s = ApplicationSnapshot.newBuilder(s)
                                .setSavepointPath(savepoint)
                                .setStatus(savepoint == null ? Status.SNAPSHOT_FAILED : Status.SNAPSHOT_READY)
                                .build();
                    }
                    snapshots.add(s);
                }
                m.setSnapshots(snapshots);
                if (reason != null) {
                    m.setLastFailure(reason);
                }
                return m;
            });
        });
    }

    /** A snapshot just written DELETING: removes the savepoint's files, then the snapshot. */
    void deleteSnapshot(ApplicationMetadata app, ApplicationSnapshot snapshot) {
        executor.execute(() -> {
            deleteFiles(snapshot.getSavepointPath());
            update(app, m -> {
                m.setSnapshots(m.getSnapshots().stream()
                        .filter(s -> !s.getName().equals(snapshot.getName()))
                        .toList());
                return m;
            });
        });
    }

    /** An application just written DELETING: cancels its job, removes its snapshots, then the application. */
    void delete(ApplicationMetadata app) {
        executor.execute(() -> {
            kafka.remove(app);
            try {
                if (app.getJobId() != null) {
                    jobs.cancel(app.getJobId()).get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                LOG.warn(
                        "Application {}: cancelling job {} failed: {}",
                        app.getName(),
                        app.getJobId(),
                        SqlCode.describe(unwrap(e)));
            }
            deleteFiles(directory(app));
            code.forget(app);
            ApplicationMetadata current = store.application(app.getName()).orElse(null);
            if (current != null && current.getIncarnation().equals(app.getIncarnation())) {
                store.remove(current).join();
            }
            LOG.info("Application {} deleted", app.getName());
        });
    }

    /**
     * After a restart of the platform: applications that were RUNNING (or on their way) run again, from the savepoint
     * they were stopped with at shutdown or their latest snapshot; interrupted stops and deletes finish.
     */
    void resume(boolean jobsSurvived) {
        executor.execute(() -> resumeAll(jobsSurvived));
    }

    private void resumeAll(boolean jobsSurvived) {
        for (ApplicationMetadata app : store.applications()) {
            switch (app.getStatus()) {
                case Status.RUNNING, Status.STARTING, Status.UPDATING -> {
                    if (jobsSurvived && app.getJobId() != null && isRunning(app.getJobId())) {
                        continue;
                    }
                    LOG.info("Application {} was {}: starting it again", app.getName(), app.getStatus());
                    ApplicationMetadata starting = update(app, m -> {
                        m.setStatus(Status.STARTING);
                        m.setJobId(null);
                        return m;
                    });
                    if (starting != null) {
                        start(starting);
                    }
                }
                case Status.STOPPING, Status.FORCE_STOPPING ->
                    update(app, m -> {
                        m.setStatus(Status.READY);
                        m.setJobId(null);
                        m.setJobFailures(List.of());
                        OperationActions.finish(m, null);
                        return m;
                    });
                case Status.DELETING -> delete(app);
                default -> {}
            }
        }
    }

    /**
     * At shutdown of a platform whose Flink cluster stops with it: every RUNNING application's job stops with a
     * savepoint, kept as where it resumes at the next start (its status stays RUNNING, as AWS keeps it running).
     */
    void suspendAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ApplicationMetadata app : store.applications()) {
            if (!Status.RUNNING.equals(app.getStatus()) || app.getJobId() == null) {
                continue;
            }
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                String path =
                        jobs.stopWithSavepoint(app.getJobId(), directory(app)).get(left, TimeUnit.MILLISECONDS);
                update(app, m -> {
                    m.setResumeFrom(path);
                    return m;
                });
                LOG.info("Application {} suspended with savepoint {}", app.getName(), path);
            } catch (Exception e) {
                LOG.warn(
                        "Application {} could not be suspended with a savepoint ({}); it restarts from its latest"
                                + " snapshot",
                        app.getName(),
                        SqlCode.describe(unwrap(e)));
            }
        }
    }

    private boolean isRunning(String jobId) {
        try {
            return !jobs.status(jobId).get(10, TimeUnit.SECONDS).isTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    static ApplicationSnapshot snapshot(
            ApplicationMetadata app, String name, String status, long createdAt, String path) {
        return ApplicationSnapshot.newBuilder()
                .setName(name)
                .setStatus(status)
                .setApplicationVersionId(app.getApplicationVersionId())
                .setRuntimeEnvironment(app.getRuntimeEnvironment())
                .setCreatedAtMillis(createdAt)
                .setSavepointPath(path)
                .build();
    }

    /** Savepoints of one incarnation of an application. */
    private String directory(ApplicationMetadata app) {
        return savepointDir + app.getName() + "/" + app.getIncarnation();
    }

    private ApplicationMetadata update(ApplicationMetadata app, UnaryOperator<ApplicationMetadata> change) {
        try {
            return store.update(app.getName(), app.getIncarnation(), change).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Application {}: recording its new state failed: {}", app.getName(), SqlCode.describe(unwrap(e)));
            return null;
        }
    }

    private static ApplicationConfig config(ApplicationMetadata app) {
        return ApplicationConfig.stored(ApplicationShapes.configuration(app), app.getRuntimeEnvironment());
    }

    /** Local savepoint files go with their snapshot; on other file systems they stay for the operator. */
    private static void deleteFiles(String location) {
        if (location == null) {
            return;
        }
        try {
            URI uri = URI.create(location);
            if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
                return;
            }
            Path path = uri.getScheme() == null ? Path.of(location) : Path.of(uri);
            if (!Files.exists(path)) {
                return;
            }
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete {}: {}", location, e.toString());
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
