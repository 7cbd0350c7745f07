package io.millrace.cloudwatch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.cloudwatch.store.Stats;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** AWS's M-out-of-N rule and its treatments of missing data, on periods given directly. */
class AlarmRuleTest {

    /** 12:00:35: the 60-second period in progress began at 12:00:00. */
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:35Z");

    private static final Instant CURRENT = Instant.parse("2026-12-07T12:00:00Z");

    private static Alarm.Definition alarm(int n, int m, String treat) {
        return definition("Sum", null, null, n, m, 10.0, "GreaterThanOrEqualToThreshold", treat);
    }

    private static Alarm.Definition definition(
            String statistic,
            String extended,
            String unit,
            int n,
            int m,
            double threshold,
            String operator,
            String treat) {
        return new Alarm.Definition(
                null,
                true,
                List.of(),
                List.of(),
                List.of(),
                "App",
                "Metric",
                new TreeMap<>(),
                statistic,
                extended,
                60,
                unit,
                n,
                m,
                threshold,
                operator,
                treat,
                0L);
    }

    /** Sums per period, newest first, null for a missing period. */
    private static TreeMap<Instant, Stats> periods(Double... sumsNewestFirst) {
        TreeMap<Instant, Stats> periods = new TreeMap<>();
        for (int i = 0; i < sumsNewestFirst.length; i++) {
            if (sumsNewestFirst[i] != null) {
                periods.put(CURRENT.minusSeconds(60L * i), Stats.of(sumsNewestFirst[i], "None"));
            }
        }
        return periods;
    }

    @Test
    void mOutOfNCountsBreachingPeriods() {
        AlarmRule.Outcome two = AlarmRule.evaluate(alarm(3, 2, "notBreaching"), periods(12.0, 1.0, 15.0), NOW);
        assertThat(two.state()).isEqualTo(Alarm.ALARM);
        assertThat(two.reason())
                .startsWith("Threshold Crossed: 2 out of the last 3 datapoints [12.0 (07/12/26 12:00:00), 1.0"
                        + " (07/12/26 11:59:00), 15.0 (07/12/26 11:58:00)] were greater than or equal to the threshold"
                        + " (10.0) (minimum 2 datapoints for OK -> ALARM transition).");
        AlarmRule.Outcome one = AlarmRule.evaluate(alarm(3, 2, "notBreaching"), periods(12.0, 1.0, 2.0), NOW);
        assertThat(one.state()).isEqualTo(Alarm.OK);
        assertThat(one.reason()).contains("2 out of the last 3 datapoints").contains("were not greater than or equal");
    }

    @Test
    void missingPeriodsAreBreachingOrNotAsTheAlarmSays() {
        assertThat(AlarmRule.evaluate(alarm(3, 2, "breaching"), periods(12.0, null, null), NOW)
                        .state())
                .isEqualTo(Alarm.ALARM);
        assertThat(AlarmRule.evaluate(alarm(3, 2, "notBreaching"), periods(12.0, null, null), NOW)
                        .state())
                .isEqualTo(Alarm.OK);
        assertThat(AlarmRule.evaluate(alarm(1, 1, "breaching"), periods(), NOW).state())
                .isEqualTo(Alarm.ALARM);
    }

    @Test
    void withoutAnyDatapointMissingIsInsufficientDataAndIgnoreKeepsTheState() {
        AlarmRule.Outcome missing = AlarmRule.evaluate(alarm(2, 2, null), periods(), NOW);
        assertThat(missing.state()).isEqualTo(Alarm.INSUFFICIENT_DATA);
        assertThat(missing.reason()).isEqualTo("Insufficient Data: 2 datapoints were unknown.");
        assertThat(AlarmRule.evaluate(alarm(2, 2, "ignore"), periods(), NOW)).isNull();
    }

    @Test
    void missingAndIgnoreLookOnePeriodBackPastThePeriodJustBegun() {
        // The period in progress has no datapoint yet; the one before breached.
        assertThat(AlarmRule.evaluate(alarm(1, 1, "missing"), periods(null, 20.0), NOW)
                        .state())
                .isEqualTo(Alarm.ALARM);
        // Fewer datapoints than M, all breaching: ALARM, as AWS's table shows for partially missing data.
        assertThat(AlarmRule.evaluate(alarm(3, 3, "missing"), periods(20.0, null, null), NOW)
                        .state())
                .isEqualTo(Alarm.ALARM);
        assertThat(AlarmRule.evaluate(alarm(3, 3, "missing"), periods(20.0, 1.0, null), NOW)
                        .state())
                .isEqualTo(Alarm.OK);
    }

    @Test
    void stateReasonDataListsTheEvaluatedDatapoints() {
        AlarmRule.Outcome outcome = AlarmRule.evaluate(alarm(2, 1, "notBreaching"), periods(12.0, 3.0), NOW);
        assertThat(outcome.reasonData())
                .isEqualTo("{\"version\":\"1.0\",\"queryDate\":\"2026-12-07T12:00:35.000+0000\","
                        + "\"startDate\":\"2026-12-07T11:59:00.000+0000\",\"statistic\":\"Sum\",\"period\":60,"
                        + "\"recentDatapoints\":[3.0,12.0],\"threshold\":10.0,\"evaluatedDatapoints\":["
                        + "{\"timestamp\":\"2026-12-07T12:00:00.000+0000\",\"sampleCount\":1.0,\"value\":12.0},"
                        + "{\"timestamp\":\"2026-12-07T11:59:00.000+0000\",\"sampleCount\":1.0,\"value\":3.0}]}");
    }

    @Test
    void percentileAlarmsReadTheSketchAndAnotherUnitIsMissing() {
        Stats hundred = Stats.of(1.0, "Milliseconds");
        for (int value = 2; value <= 100; value++) {
            hundred = hundred.plus(Stats.of(value, "Milliseconds"));
        }
        TreeMap<Instant, Stats> periods = new TreeMap<>();
        periods.put(CURRENT, hundred);
        assertThat(AlarmRule.evaluate(percentile("p90", 85.0, null), periods, NOW)
                        .state())
                .isEqualTo(Alarm.ALARM);
        assertThat(AlarmRule.evaluate(percentile("p50", 85.0, null), periods, NOW)
                        .state())
                .isEqualTo(Alarm.OK);
        assertThat(AlarmRule.evaluate(percentile("p90", 85.0, "Seconds"), periods, NOW)
                        .state())
                .isEqualTo(Alarm.INSUFFICIENT_DATA);
    }

    private static Alarm.Definition percentile(String statistic, double threshold, String unit) {
        return definition(null, statistic, unit, 1, 1, threshold, "GreaterThanThreshold", null);
    }
}
