package io.millrace.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void findsARetriableKafkaErrorWrappedByFuturesButNotAFatalOne() {
        NotLeaderOrFollowerException notLeader = new NotLeaderOrFollowerException("moved");
        assertThat(TransientFailures.retriableCause(new CompletionException(new ExecutionException(notLeader))))
                .isSameAs(notLeader);
        assertThat(TransientFailures.retriableCause(new CompletionException(new RecordTooLargeException("big"))))
                .isNull();
        assertThat(TransientFailures.retriableCause(new IllegalStateException("bug")))
                .isNull();
    }

    @Test
    void logsOneLinePerActionAndErrorKindPerWindow() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        TransientFailures failures = new TransientFailures(now::get);
        TimeoutException timeout = new TimeoutException("expired");

        assertThat(failures.record("Kinesis_20131202.PutRecords", timeout)).isTrue();
        assertThat(failures.record("Kinesis_20131202.PutRecords", timeout)).isFalse();
        assertThat(failures.record("Kinesis_20131202.PutRecord", timeout))
                .as("another action")
                .isTrue();
        assertThat(failures.record("Kinesis_20131202.PutRecords", new NotLeaderOrFollowerException("x")))
                .as("another kind of error")
                .isTrue();

        now.addAndGet(TransientFailures.WINDOW.toNanos() - 1);
        assertThat(failures.record("Kinesis_20131202.PutRecords", timeout)).isFalse();
        now.addAndGet(1);
        assertThat(failures.record("Kinesis_20131202.PutRecords", timeout)).isTrue();
    }
}
