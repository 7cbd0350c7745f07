package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

class FlinkJobsTest {

    @Test
    void aSavepointRefusedWhileTasksDeployIsAskedAgain() {
        // As the REST client hands it over: Flink's exception serialized, wrapped by the future.
        Throwable refused = new CompletionException(new SerializedThrowable(
                new CheckpointException(CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)));

        assertThat(FlinkJobs.tasksStillDeploying(refused)).isTrue();
    }

    @Test
    void otherSavepointFailuresAreNotAskedAgain() {
        Throwable failed = new CompletionException(
                new SerializedThrowable(new CheckpointException(CheckpointFailureReason.IO_EXCEPTION)));

        assertThat(FlinkJobs.tasksStillDeploying(failed)).isFalse();
        assertThat(FlinkJobs.tasksStillDeploying(new IllegalStateException())).isFalse();
    }
}
