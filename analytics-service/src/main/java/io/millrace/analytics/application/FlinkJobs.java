package io.millrace.analytics.application;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;

/**
 * Control of running applications' jobs through the JobManager's REST API: the same calls for the launcher's
 * embedded mini-cluster and a real cluster. Savepoints are canonical, so a job restores from them whatever state
 * backend it runs with.
 */
final class FlinkJobs implements AutoCloseable {

    /** How long a savepoint waits for a just-started job's tasks to be deployed. */
    private static final Duration TASKS_DEPLOYING_WAIT = Duration.ofSeconds(60);

    private static final Duration TASKS_DEPLOYING_RETRY = Duration.ofMillis(500);

    private final URI restUrl;
    private final RestClusterClient<StandaloneClusterId> client;

    FlinkJobs(URI restUrl) throws Exception {
        this.restUrl = restUrl;
        this.client = new RestClusterClient<>(restConfiguration(restUrl), StandaloneClusterId.getInstance());
    }

    static Configuration restConfiguration(URI restUrl) {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, restUrl.getHost());
        configuration.set(RestOptions.PORT, restUrl.getPort() < 0 ? 8081 : restUrl.getPort());
        return configuration;
    }

    URI restUrl() {
        return restUrl;
    }

    RestClusterClient<StandaloneClusterId> client() {
        return client;
    }

    /** Stops the job with a savepoint under {@code directory}; completes with the savepoint's path. */
    CompletableFuture<String> stopWithSavepoint(String jobId, String directory) {
        return client.stopWithSavepoint(JobID.fromHexString(jobId), false, directory, SavepointFormatType.CANONICAL);
    }

    /**
     * Takes a savepoint of the running job; completes with its path. A job Flink reports RUNNING may still be
     * deploying its tasks, and Flink refuses a savepoint until every task runs: that refusal is asked again for a
     * while, as AWS takes a snapshot of any RUNNING application.
     */
    CompletableFuture<String> savepoint(String jobId, String directory) {
        return savepoint(jobId, directory, System.nanoTime() + TASKS_DEPLOYING_WAIT.toNanos());
    }

    private CompletableFuture<String> savepoint(String jobId, String directory, long giveUpAtNanos) {
        return client.triggerSavepoint(JobID.fromHexString(jobId), directory, SavepointFormatType.CANONICAL)
                .handle((path, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(path);
                    }
                    if (tasksStillDeploying(failure) && System.nanoTime() < giveUpAtNanos) {
                        return CompletableFuture.supplyAsync(
                                        () -> null,
                                        CompletableFuture.delayedExecutor(
                                                TASKS_DEPLOYING_RETRY.toMillis(), TimeUnit.MILLISECONDS))
                                .thenCompose(ignored -> savepoint(jobId, directory, giveUpAtNanos));
                    }
                    return CompletableFuture.<String>failedFuture(failure);
                })
                .thenCompose(Function.identity());
    }

    /** Flink's CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING, as its REST answer words it. */
    static boolean tasksStillDeploying(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("Not all required tasks are currently running")) {
                return true;
            }
        }
        return false;
    }

    CompletableFuture<Void> cancel(String jobId) {
        return client.cancel(JobID.fromHexString(jobId)).thenApply(ack -> null);
    }

    CompletableFuture<JobStatus> status(String jobId) {
        return client.getJobStatus(JobID.fromHexString(jobId));
    }

    /**
     * The job's status and its latest failure, from {@code /jobs/:id} and {@code /jobs/:id/exceptions}: what
     * {@link JobHealth} judges a running application by.
     */
    CompletableFuture<JobHealth.Observed> health(String jobId) {
        JobID id = JobID.fromHexString(jobId);
        JobExceptionsMessageParameters parameters = new JobExceptionsMessageParameters();
        parameters.jobPathParameter.resolve(id);
        return client.getJobDetails(id)
                .thenCombine(
                        client.sendRequest(
                                JobExceptionsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()),
                        (details, exceptions) -> {
                            JobExceptionsInfoWithHistory.RootExceptionInfo latest =
                                    exceptions.getExceptionHistory().getEntries().stream()
                                            .max(Comparator.comparingLong(
                                                    JobExceptionsInfoWithHistory.ExceptionInfo::getTimestamp))
                                            .orElse(null);
                            Long runningSince = details.getTimestamps().get(JobStatus.RUNNING);
                            return new JobHealth.Observed(
                                    details.getJobStatus(),
                                    details.getNow(),
                                    runningSince == null ? 0 : runningSince,
                                    latest == null ? 0 : latest.getTimestamp(),
                                    latest == null
                                            ? null
                                            : JobHealth.rootCause(latest.getStacktrace(), latest.getExceptionName()));
                        });
    }

    @Override
    public void close() {
        client.close();
    }
}
