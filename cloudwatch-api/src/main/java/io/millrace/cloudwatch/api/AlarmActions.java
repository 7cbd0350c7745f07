package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudwatch.alarm.Alarm;
import io.millrace.cloudwatch.alarm.AlarmHistory;
import io.millrace.cloudwatch.alarm.AlarmStore;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

/** PutMetricAlarm, DeleteAlarms and SetAlarmState: writes of the alarm store, each a compare-and-set. */
final class AlarmActions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> STATISTICS = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

    /** The static-threshold operators; the other three of the model are for anomaly detection models only. */
    private static final List<String> OPERATORS = List.of(
            "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold");

    private static final List<String> TREATMENTS = List.of("breaching", "notBreaching", "ignore", "missing");

    private static final List<String> STATES = List.of(Alarm.OK, Alarm.ALARM, Alarm.INSUFFICIENT_DATA);

    /** ResourceList: "max": 5 actions per state (OKActions, AlarmActions, InsufficientDataActions). */
    private static final int MAX_ACTIONS = 5;

    /** AlarmNames: "max": 100 (DeleteAlarms, DescribeAlarms). */
    static final int MAX_NAMES = 100;

    /**
     * AWS's user guide ("Evaluating an alarm"): the evaluation range, EvaluationPeriods x Period, may be at most one
     * day, or seven days for periods of an hour or more.
     */
    private static final long MAX_RANGE_SECONDS = 86_400;

    private static final long MAX_RANGE_SECONDS_HOURLY = 7 * 86_400;

    private final AlarmStore store;
    private final int maxAlarms;

    AlarmActions(AlarmStore store, int maxAlarms) {
        this.store = store;
        this.maxAlarms = maxAlarms;
    }

    JsonNode putMetricAlarm(AwsRequest request) {
        JsonNode body = request.body();
        String name = CloudWatchShapes.boundedText(body, "AlarmName", 255, true);
        if (!CloudWatchShapes.list(body, "Metrics").isEmpty()
                || CloudWatchShapes.text(body, "ThresholdMetricId") != null) {
            throw CloudWatchErrors.validationError("Alarms on metric math expressions (Metrics, ThresholdMetricId)"
                    + " are not supported by this Millrace endpoint: give MetricName, Namespace and a statistic.");
        }
        if (body.has("EvaluationCriteria") && !body.get("EvaluationCriteria").isNull()) {
            throw CloudWatchErrors.validationError(
                    "EvaluationCriteria (PromQL alarms) is not supported by this Millrace endpoint.");
        }
        String namespace = CloudWatchShapes.boundedText(body, "Namespace", 255, true);
        String metricName = CloudWatchShapes.boundedText(body, "MetricName", 255, true);
        TreeMap<String, String> dimensions = new TreeMap<>(CloudWatchShapes.dimensions(body, "Dimensions"));
        String statistic = CloudWatchShapes.text(body, "Statistic");
        String extended = CloudWatchShapes.text(body, "ExtendedStatistic");
        if ((statistic == null) == (extended == null)) {
            throw CloudWatchErrors.invalidParameterCombination(
                    "Must specify either Statistic or ExtendedStatistic, but not both.");
        }
        if (statistic != null && !STATISTICS.contains(statistic)) {
            throw CloudWatchShapes.invalid("Statistic", statistic);
        }
        if (extended != null && Percentiles.parse(extended) == null) {
            throw CloudWatchErrors.invalidParameterValue("The extended statistic " + extended
                    + " is not supported by this Millrace endpoint: use a percentile pNN.NN.");
        }
        long period = required(body, "Period");
        // PutMetricAlarm, Period: "Valid values are 10, 20, 30, and any multiple of 60."
        if (!(period == 10 || period == 20 || period == 30 || (period >= 60 && period % 60 == 0))) {
            throw CloudWatchErrors.validationError("Period must be 10, 20, 30 or a multiple of 60");
        }
        long evaluationPeriods = required(body, "EvaluationPeriods");
        if (evaluationPeriods < 1) {
            throw CloudWatchShapes.invalid("EvaluationPeriods", String.valueOf(evaluationPeriods));
        }
        long range = evaluationPeriods * period;
        if (range > (period >= 3600 ? MAX_RANGE_SECONDS_HOURLY : MAX_RANGE_SECONDS)) {
            throw CloudWatchErrors.validationError("The evaluation period (EvaluationPeriods * Period) may not exceed "
                    + (period >= 3600 ? "7 days (604800 seconds)" : "one day (86400 seconds)") + ".");
        }
        Long datapoints = CloudWatchShapes.integer(body, "DatapointsToAlarm");
        if (datapoints != null && (datapoints < 1 || datapoints > evaluationPeriods)) {
            throw CloudWatchErrors.validationError(
                    "DatapointsToAlarm must be greater than 0 and less than or equal to EvaluationPeriods.");
        }
        Double threshold = CloudWatchShapes.number(body, "Threshold");
        if (threshold == null) {
            throw CloudWatchErrors.validationError("Threshold is required for alarms on a static threshold.");
        }
        String operator = CloudWatchShapes.requiredText(body, "ComparisonOperator");
        if (!OPERATORS.contains(operator)) {
            throw operator.contains("Lower") || operator.contains("Upper")
                    ? CloudWatchErrors.validationError(
                            "Anomaly detection alarms (" + operator + ") are not supported by this Millrace endpoint.")
                    : CloudWatchShapes.invalid("ComparisonOperator", operator);
        }
        String treat = CloudWatchShapes.text(body, "TreatMissingData");
        if (treat != null && !TREATMENTS.contains(treat)) {
            throw CloudWatchErrors.validationError("Option unknown for TreatMissingData: " + treat);
        }
        String description = CloudWatchShapes.text(body, "AlarmDescription");
        if (description != null && description.length() > 1024) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The parameter AlarmDescription must be shorter than 1024 characters.");
        }
        String actionsEnabled = CloudWatchShapes.text(body, "ActionsEnabled");
        long now = request.receivedAt().toEpochMilli();
        Alarm.Definition definition = new Alarm.Definition(
                description,
                actionsEnabled == null || Boolean.parseBoolean(actionsEnabled),
                actions(body, "OKActions"),
                actions(body, "AlarmActions"),
                actions(body, "InsufficientDataActions"),
                namespace,
                metricName,
                dimensions,
                statistic,
                extended,
                period,
                CloudWatchShapes.unit(body, "Unit"),
                (int) evaluationPeriods,
                datapoints == null ? (int) evaluationPeriods : datapoints.intValue(),
                threshold,
                operator,
                treat,
                now);
        boolean[] created = new boolean[1];
        join(store.update(name, current -> {
            created[0] = current == null;
            if (current == null && store.alarms().size() >= maxAlarms) {
                throw CloudWatchErrors.limitExceeded(
                        "The quota for alarms for this customer has already been reached.");
            }
            // "When you update an existing alarm, its state is left unchanged" (PutMetricAlarm).
            return new Alarm(name, 0L, definition, current == null ? Alarm.State.initial(now) : current.state());
        }));
        join(store.record(name, AlarmHistory.configurationUpdate(name, created[0], now)));
        return WireCodec.object();
    }

    /** Deletes the alarms named; names of no alarm are passed over, as AWS deletes "the alarms ... with correct names". */
    JsonNode deleteAlarms(AwsRequest request) {
        List<String> names = names(request.body());
        if (names.isEmpty()) {
            throw CloudWatchErrors.missingParameter("The parameter AlarmNames is required.");
        }
        for (String name : names) {
            store.alarm(name).ifPresent(alarm -> join(store.remove(alarm)));
        }
        return WireCodec.object();
    }

    /** Sets the state until the next evaluation, which returns the alarm to its actual state (AWS: "quickly"). */
    JsonNode setAlarmState(AwsRequest request) {
        JsonNode body = request.body();
        String name = CloudWatchShapes.boundedText(body, "AlarmName", 255, true);
        String state = CloudWatchShapes.requiredText(body, "StateValue");
        if (!STATES.contains(state)) {
            throw CloudWatchShapes.invalid("StateValue", state);
        }
        String reason = CloudWatchShapes.requiredText(body, "StateReason");
        if (reason.length() > 1023) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The parameter StateReason must be shorter than 1024 characters.");
        }
        String reasonData = CloudWatchShapes.text(body, "StateReasonData");
        if (reasonData != null) {
            if (reasonData.length() > 4000) {
                throw CloudWatchErrors.invalidParameterValue(
                        "The parameter StateReasonData must be shorter than 4001 characters.");
            }
            try {
                JSON.readTree(reasonData);
            } catch (JsonProcessingException e) {
                throw CloudWatchErrors.invalidFormat("The StateReasonData is not valid JSON.");
            }
        }
        long now = request.receivedAt().toEpochMilli();
        Alarm.State[] before = new Alarm.State[1];
        Alarm set = join(store.update(name, current -> {
            if (current == null) {
                throw CloudWatchErrors.resourceNotFound("Alarm " + name + " not found");
            }
            before[0] = current.state();
            return current.withState(current.state().next(state, reason, reasonData, now));
        }));
        if (!before[0].value().equals(state)) {
            join(store.record(name, AlarmHistory.stateUpdate(before[0], set.state())));
        }
        return WireCodec.object();
    }

    static List<String> names(JsonNode body) {
        List<JsonNode> list = CloudWatchShapes.list(body, "AlarmNames");
        if (list.size() > MAX_NAMES) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection AlarmNames must not have a size greater than " + MAX_NAMES + ".");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : list) {
            names.add(name.asText());
        }
        return names;
    }

    private static List<String> actions(JsonNode body, String name) {
        List<JsonNode> list = CloudWatchShapes.list(body, name);
        if (list.size() > MAX_ACTIONS) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection " + name + " must not have a size greater than " + MAX_ACTIONS + ".");
        }
        List<String> actions = new ArrayList<>();
        for (JsonNode action : list) {
            actions.add(action.asText());
        }
        return actions;
    }

    private static long required(JsonNode body, String name) {
        Long value = CloudWatchShapes.integer(body, name);
        if (value == null) {
            throw CloudWatchErrors.missingParameter("The parameter " + name + " is required.");
        }
        return value;
    }

    /** Waits for a store write; a refusal thrown inside the compare-and-set reaches the caller as it is. */
    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw e;
        }
    }
}
