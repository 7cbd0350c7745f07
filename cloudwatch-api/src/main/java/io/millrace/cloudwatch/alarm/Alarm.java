package io.millrace.cloudwatch.alarm;

import io.millrace.cloudwatch.store.MetricKey;
import java.util.List;
import java.util.TreeMap;

/**
 * A metric alarm: its definition as PutMetricAlarm gave it and the state the evaluator (or SetAlarmState) set,
 * stored as JSON in the versioned store ({@link AlarmStore}). Times are epoch milliseconds.
 */
public record Alarm(String name, long version, Definition definition, State state) {

    public static final String OK = "OK";
    public static final String ALARM = "ALARM";
    public static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";

    /** What PutMetricAlarm sets; {@code statistic} or {@code extendedStatistic} is null, so may be the optionals. */
    public record Definition(
            String description,
            boolean actionsEnabled,
            List<String> okActions,
            List<String> alarmActions,
            List<String> insufficientDataActions,
            String namespace,
            String metricName,
            TreeMap<String, String> dimensions,
            String statistic,
            String extendedStatistic,
            long period,
            String unit,
            int evaluationPeriods,
            int datapointsToAlarm,
            double threshold,
            String comparisonOperator,
            String treatMissingData,
            long configurationUpdated) {

        public MetricKey metric() {
            return new MetricKey(namespace, metricName, dimensions);
        }
    }

    /** StateValue, StateReason, StateReasonData (may be null), StateUpdatedTimestamp, StateTransitionedTimestamp. */
    public record State(String value, String reason, String reasonData, long updated, long transitioned) {

        /** What AWS writes for a new alarm. */
        public static State initial(long now) {
            return new State(INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", null, now, now);
        }

        /** The next state; the transition time moves only when the value changes. */
        public State next(String nextValue, String nextReason, String nextReasonData, long now) {
            return new State(nextValue, nextReason, nextReasonData, now, nextValue.equals(value) ? transitioned : now);
        }
    }

    public Alarm withVersion(long next) {
        return new Alarm(name, next, definition, state);
    }

    public Alarm withState(State next) {
        return new Alarm(name, version, definition, next);
    }
}
