package io.millrace.analytics.access;

import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes a sink's records through its {@link WriteGuard}, chained in front of the sink's writer: the guard asks
 * before the first record and then every re-check interval, on a processing-time timer as well as at each record, so
 * a sink whose role lost {@code kinesis:PutRecords} fails the job within about two intervals even when no record
 * reaches it. AWS re-evaluates a role's policies at every call, and a Kinesis sink that writes nothing makes no
 * call; but a job shown RUNNING and healthy that would be refused its next write misleads whoever watches it, and
 * Millrace's sources already fail an idle job whose role may no longer read. A timer exception fails the task,
 * which Flink's restart strategy then handles, as a refused record would.
 *
 * @param <T> the sink's records
 */
public final class WriteGuardOperator<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final WriteGuard guard;

    public WriteGuardOperator(WriteGuard guard) {
        this.guard = guard;
    }

    @Override
    public void open() throws Exception {
        super.open();
        guard.open();
        scheduleCheck();
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        guard.check();
        output.collect(element);
    }

    @Override
    public void onProcessingTime(long time) {
        guard.check();
        scheduleCheck();
    }

    private void scheduleCheck() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + guard.recheckInterval().toMillis(), this);
    }

    @Override
    public void close() throws Exception {
        guard.close();
        super.close();
    }
}
