package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** How a job's failures read, and when a job counts as failing or recovered. */
class JobHealthTest {

    private static final long STABLE = JobHealth.STABLE.toMillis();

    @Test
    void theRootCauseIsTheLastCausedByOnOneLine() {
        String trace = """
        org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
        \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(X.java:1)
        Caused by: org.apache.flink.table.api.TableRuntimeException: Cast failed
        \tat Foo.bar(Foo.java:2)
        Caused by: java.lang.NumberFormatException: For input string: 'oops'. Invalid character found.
        \t... 12 more
        """;
        assertThat(JobHealth.rootCause(trace, "org.apache.flink.runtime.JobException"))
                .isEqualTo("java.lang.NumberFormatException: For input string: 'oops'. Invalid character found.");
        assertThat(JobHealth.rootCause("java.lang.ArithmeticException: / by zero\n\tat A.b(A.java:1)\n", null))
                .isEqualTo("java.lang.ArithmeticException: / by zero");
        assertThat(JobHealth.rootCause(null, "java.lang.IllegalStateException"))
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aJobIsHealthyOnceItRanLongEnoughSinceItsLastFailure() {
        // Never failed: healthy from the start.
        assertThat(new JobHealth.Observed(JobStatus.RUNNING, 1_000, 900, 0, null).healthy())
                .isTrue();
        // Restarting, or running again for less than the stable time: still failing.
        assertThat(new JobHealth.Observed(JobStatus.RESTARTING, 100_000, 10, 50_000, "x").healthy())
                .isFalse();
        assertThat(new JobHealth.Observed(JobStatus.RUNNING, 100_000, 90_000, 80_000, "x").healthy())
                .isFalse();
        // Failed again after it last became RUNNING (it has not restarted yet).
        assertThat(new JobHealth.Observed(JobStatus.RUNNING, 100_000, 10_000, 60_000, "x").healthy())
                .isFalse();
        assertThat(new JobHealth.Observed(JobStatus.RUNNING, 100_000, 100_000 - STABLE, 100_000 - STABLE - 1, "x")
                        .healthy())
                .isTrue();
        assertThat(new JobHealth.Observed(JobStatus.FAILED, 100_000, 10, 20, "x").healthy())
                .isFalse();
    }
}
