package io.millrace.cloudwatch.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.store.Stats;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;

/**
 * AWS's "M out of N" rule (CloudWatch User Guide, "Evaluating an alarm" and "Configuring how CloudWatch alarms treat
 * missing data"): the alarm looks at its last N periods (EvaluationPeriods), the newest being the one in progress,
 * and goes to ALARM when at least M (DatapointsToAlarm) of them breach the threshold. Missing periods are
 * {@code breaching} or {@code notBreaching} as TreatMissingData says; with {@code missing} and {@code ignore} they do
 * not count, and the rule looks one period further back so that a period just begun does not hide the last one. With
 * no datapoint at all, {@code missing} is INSUFFICIENT_DATA and {@code ignore} keeps the state. When fewer datapoints
 * than M are present, all of them breaching is ALARM, as AWS's table shows for partially missing data.
 */
public final class AlarmRule {

    /** AWS's StateReason renders datapoint times as {@code dd/MM/yy HH:mm:ss} (UTC). */
    private static final DateTimeFormatter REASON_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** StateReasonData's dates: {@code 2026-12-07T14:50:00.000+0000}. */
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A new state with AWS's StateReason and StateReasonData. */
    public record Outcome(String state, String reason, String reasonData) {}

    private AlarmRule() {}

    /** The first period the evaluation reads: N periods back from the one in progress, one more for missing data. */
    public static Instant rangeStart(Alarm.Definition alarm, Instant now) {
        long period = alarm.period();
        long current = Math.floorDiv(now.getEpochSecond(), period) * period;
        return Instant.ofEpochSecond(current - (alarm.evaluationPeriods() - 1L + extraPeriods(alarm)) * period);
    }

    /** The end of the range read: the end of the period in progress. */
    public static Instant rangeEnd(Alarm.Definition alarm, Instant now) {
        long period = alarm.period();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period + period);
    }

    private static int extraPeriods(Alarm.Definition alarm) {
        String treat = treatment(alarm);
        return treat.equals("missing") || treat.equals("ignore") ? 1 : 0;
    }

    /** TreatMissingData, {@code missing} when the alarm does not say ("the default behavior of missing is used"). */
    private static String treatment(Alarm.Definition alarm) {
        return alarm.treatMissingData() == null ? "missing" : alarm.treatMissingData();
    }

    /**
     * Evaluates {@code alarm} on the periods read (period start to statistics, {@link #rangeStart} to {@link
     * #rangeEnd}); null when the state stays as it is (TreatMissingData {@code ignore} with no data).
     */
    public static Outcome evaluate(Alarm.Definition alarm, NavigableMap<Instant, Stats> periods, Instant now) {
        Instant start = rangeStart(alarm, now);
        int n = alarm.evaluationPeriods();
        int m = alarm.datapointsToAlarm();
        String treat = treatment(alarm);
        boolean skipMissing = extraPeriods(alarm) == 1;
        // Newest first: the N newest periods, or for missing/ignore the N newest datapoints of the N + 1 periods.
        List<Instant> evaluated = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> samples = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < n + extraPeriods(alarm) && evaluated.size() + missing < n; i++) {
            Instant slot = Instant.ofEpochSecond(rangeEnd(alarm, now).getEpochSecond() - (i + 1L) * alarm.period());
            if (slot.isBefore(start)) {
                break;
            }
            Stats stats = periods.get(slot);
            double value = stats == null ? Double.NaN : value(alarm, stats);
            if (Double.isNaN(value)) {
                if (!skipMissing) {
                    missing++;
                }
                continue;
            }
            evaluated.add(slot);
            values.add(value);
            samples.add(stats.sampleCount());
        }
        int breaching = 0;
        for (double value : values) {
            if (breaches(alarm, value)) {
                breaching++;
            }
        }
        boolean missingBreaches = "breaching".equals(treat);
        if (values.isEmpty() && missing == 0) {
            if ("ignore".equals(treat)) {
                return null;
            }
            return new Outcome(
                    Alarm.INSUFFICIENT_DATA,
                    "Insufficient Data: " + n + (n == 1 ? " datapoint was" : " datapoints were") + " unknown.",
                    reasonData(alarm, now, start, evaluated, values, samples));
        }
        int bad = breaching + (missingBreaches ? missing : 0);
        int present = values.size() + missing;
        int needed = Math.min(m, present);
        boolean alarmed = bad >= needed && bad > 0;
        String state = alarmed ? Alarm.ALARM : Alarm.OK;
        return new Outcome(
                state,
                reason(alarm, alarmed, bad, present, evaluated, values, missing),
                reasonData(alarm, now, start, evaluated, values, samples));
    }

    static boolean breaches(Alarm.Definition alarm, double value) {
        double threshold = alarm.threshold();
        return switch (alarm.comparisonOperator()) {
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "GreaterThanThreshold" -> value > threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> throw new IllegalArgumentException(alarm.comparisonOperator());
        };
    }

    /** The alarm's statistic of one period; NaN when the period has none (a percentile of statistic sets only). */
    static double value(Alarm.Definition alarm, Stats stats) {
        if (alarm.unit() != null && !alarm.unit().equals(stats.unit())) {
            return Double.NaN;
        }
        if (alarm.extendedStatistic() != null) {
            return stats.percentile(Double.parseDouble(alarm.extendedStatistic().substring(1)));
        }
        return switch (alarm.statistic()) {
            case "SampleCount" -> stats.sampleCount();
            case "Average" -> stats.average();
            case "Sum" -> stats.sum();
            case "Minimum" -> stats.minimum();
            case "Maximum" -> stats.maximum();
            default -> throw new IllegalArgumentException(alarm.statistic());
        };
    }

    /**
     * AWS's wording, e.g. {@code Threshold Crossed: 1 out of the last 1 datapoints [100.0 (07/12/26 14:50:00)] was
     * greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).}
     */
    private static String reason(
            Alarm.Definition alarm,
            boolean alarmed,
            int bad,
            int present,
            List<Instant> evaluated,
            List<Double> values,
            int missing) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                points.append(", ");
            }
            points.append(values.get(i))
                    .append(" (")
                    .append(REASON_TIME.format(evaluated.get(i)))
                    .append(')');
        }
        String comparison = comparison(alarm.comparisonOperator());
        int counted = alarmed ? bad : present - bad;
        String reason = "Threshold Crossed: " + counted + " out of the last " + present + " datapoints [" + points
                + "] " + (counted == 1 ? "was " : "were ") + (alarmed ? "" : "not ") + comparison + " the threshold ("
                + alarm.threshold() + ")";
        if (alarmed) {
            int m = alarm.datapointsToAlarm();
            reason += " (minimum " + m + (m == 1 ? " datapoint" : " datapoints") + " for OK -> ALARM transition)";
        } else {
            reason += " (minimum 1 datapoint for ALARM -> OK transition)";
        }
        if (missing > 0) {
            reason += ". " + missing + (missing == 1 ? " missing datapoint was" : " missing datapoints were")
                    + " treated as [" + ("breaching".equals(treatment(alarm)) ? "Breaching" : "NonBreaching")
                    + "]";
        }
        return reason + ".";
    }

    private static String comparison(String operator) {
        return switch (operator) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
    }

    /** AWS's StateReasonData (version 1.0): the query, the recent datapoints and the ones evaluated. */
    private static String reasonData(
            Alarm.Definition alarm,
            Instant now,
            Instant start,
            List<Instant> evaluated,
            List<Double> values,
            List<Double> samples) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("version", "1.0");
        data.put("queryDate", DATA_TIME.format(now));
        data.put("startDate", DATA_TIME.format(start));
        if (alarm.statistic() != null) {
            data.put("statistic", alarm.statistic());
        } else {
            data.put("extendedStatistic", alarm.extendedStatistic());
        }
        if (alarm.unit() != null) {
            data.put("unit", alarm.unit());
        }
        data.put("period", alarm.period());
        ArrayNode recent = data.putArray("recentDatapoints");
        // Oldest first, as AWS lists them.
        for (int i = values.size() - 1; i >= 0; i--) {
            recent.add(values.get(i));
        }
        data.put("threshold", alarm.threshold());
        ArrayNode points = data.putArray("evaluatedDatapoints");
        for (int i = 0; i < values.size(); i++) {
            points.addObject()
                    .put("timestamp", DATA_TIME.format(evaluated.get(i)))
                    .put("sampleCount", samples.get(i))
                    .put("value", values.get(i));
        }
        return data.toString();
    }
}
