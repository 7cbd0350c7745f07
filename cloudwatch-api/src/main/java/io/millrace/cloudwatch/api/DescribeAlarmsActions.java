package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.alarm.Alarm;
import io.millrace.cloudwatch.alarm.AlarmStore;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** DescribeAlarms (filters, pages of MaxRecords) and DescribeAlarmsForMetric, in alarm name order. */
final class DescribeAlarmsActions {

    /** AWS answers 50 alarms a page when MaxRecords (1 to 100) is not given. */
    private static final int DEFAULT_RECORDS = 50;

    private final AlarmStore store;

    DescribeAlarmsActions(AlarmStore store) {
        this.store = store;
    }

    JsonNode describeAlarms(AwsRequest request) {
        JsonNode body = request.body();
        List<String> names = AlarmActions.names(body);
        String prefix = CloudWatchShapes.boundedText(body, "AlarmNamePrefix", 255, false);
        if (!names.isEmpty() && prefix != null) {
            // DescribeAlarms, AlarmNamePrefix: "If this parameter is specified, you cannot specify AlarmNames."
            throw CloudWatchErrors.invalidParameterCombination(
                    "AlarmNamePrefix and AlarmNames cannot be specified together.");
        }
        String state = CloudWatchShapes.text(body, "StateValue");
        if (state != null
                && !List.of(Alarm.OK, Alarm.ALARM, Alarm.INSUFFICIENT_DATA).contains(state)) {
            throw CloudWatchShapes.invalid("StateValue", state);
        }
        String actionPrefix = CloudWatchShapes.boundedText(body, "ActionPrefix", 1024, false);
        int page = CloudWatchShapes.maxRecords(body, DEFAULT_RECORDS);
        String after = token(CloudWatchShapes.text(body, "NextToken"));
        // "If you omit this parameter [AlarmTypes] ... only metric alarms are returned": composite ones exist not here.
        List<JsonNode> types = CloudWatchShapes.list(body, "AlarmTypes");
        boolean metricAlarms =
                types.isEmpty() || types.stream().anyMatch(type -> type.asText().equals("MetricAlarm"));
        boolean related = CloudWatchShapes.text(body, "ChildrenOfAlarmName") != null
                || CloudWatchShapes.text(body, "ParentsOfAlarmName") != null;
        Predicate<Alarm> matches = alarm -> (names.isEmpty() || names.contains(alarm.name()))
                && (prefix == null || alarm.name().startsWith(prefix))
                && (state == null || state.equals(alarm.state().value()))
                && (actionPrefix == null || hasAction(alarm.definition(), actionPrefix))
                && (after == null || alarm.name().compareTo(after) > 0);
        List<Alarm> found = metricAlarms && !related
                ? store.alarms().stream().filter(matches).toList()
                : List.of();
        ObjectNode answer = WireCodec.object();
        ArrayNode alarms = answer.putArray("MetricAlarms");
        found.stream().limit(page).forEach(alarm -> alarms.add(shape(alarm, request)));
        if (found.size() > page) {
            answer.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(found.get(page - 1).name().getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    JsonNode describeAlarmsForMetric(AwsRequest request) {
        JsonNode body = request.body();
        String namespace = CloudWatchShapes.boundedText(body, "Namespace", 255, true);
        String metricName = CloudWatchShapes.boundedText(body, "MetricName", 255, true);
        Map<String, String> dimensions =
                body.has("Dimensions") ? CloudWatchShapes.dimensions(body, "Dimensions") : null;
        String statistic = CloudWatchShapes.text(body, "Statistic");
        String extended = CloudWatchShapes.text(body, "ExtendedStatistic");
        Long period = CloudWatchShapes.integer(body, "Period");
        String unit = CloudWatchShapes.unit(body, "Unit");
        ObjectNode answer = WireCodec.object();
        ArrayNode alarms = answer.putArray("MetricAlarms");
        store.alarms().stream()
                .filter(alarm -> alarm.definition().namespace().equals(namespace)
                        && alarm.definition().metricName().equals(metricName))
                .filter(alarm -> dimensions == null
                        || dimensions.equals(alarm.definition().dimensions()))
                .filter(alarm ->
                        statistic == null || statistic.equals(alarm.definition().statistic()))
                .filter(alarm ->
                        extended == null || extended.equals(alarm.definition().extendedStatistic()))
                .filter(alarm -> period == null || period == alarm.definition().period())
                .filter(alarm -> unit == null || unit.equals(alarm.definition().unit()))
                .forEach(alarm -> alarms.add(shape(alarm, request)));
        return answer;
    }

    private static boolean hasAction(Alarm.Definition alarm, String prefix) {
        return alarm.okActions().stream().anyMatch(action -> action.startsWith(prefix))
                || alarm.alarmActions().stream().anyMatch(action -> action.startsWith(prefix))
                || alarm.insufficientDataActions().stream().anyMatch(action -> action.startsWith(prefix));
    }

    /** The MetricAlarm shape, members in the model's order. */
    private static ObjectNode shape(Alarm alarm, AwsRequest request) {
        Alarm.Definition definition = alarm.definition();
        Alarm.State state = alarm.state();
        ObjectNode shape = WireCodec.object();
        shape.put("AlarmName", alarm.name());
        shape.put(
                "AlarmArn",
                "arn:aws:cloudwatch:" + request.region() + ":" + request.accountId() + ":alarm:" + alarm.name());
        if (definition.description() != null) {
            shape.put("AlarmDescription", definition.description());
        }
        shape.putPOJO("AlarmConfigurationUpdatedTimestamp", Instant.ofEpochMilli(definition.configurationUpdated()));
        shape.put("ActionsEnabled", definition.actionsEnabled());
        strings(shape.putArray("OKActions"), definition.okActions());
        strings(shape.putArray("AlarmActions"), definition.alarmActions());
        strings(shape.putArray("InsufficientDataActions"), definition.insufficientDataActions());
        shape.put("StateValue", state.value());
        shape.put("StateReason", state.reason());
        if (state.reasonData() != null) {
            shape.put("StateReasonData", state.reasonData());
        }
        shape.putPOJO("StateUpdatedTimestamp", Instant.ofEpochMilli(state.updated()));
        shape.put("MetricName", definition.metricName());
        shape.put("Namespace", definition.namespace());
        if (definition.statistic() != null) {
            shape.put("Statistic", definition.statistic());
        }
        shape.set("Dimensions", CloudWatchShapes.metric(definition.metric()).get("Dimensions"));
        shape.put("Period", definition.period());
        if (definition.unit() != null) {
            shape.put("Unit", definition.unit());
        }
        shape.put("EvaluationPeriods", definition.evaluationPeriods());
        shape.put("Threshold", definition.threshold());
        shape.put("ComparisonOperator", definition.comparisonOperator());
        if (definition.extendedStatistic() != null) {
            shape.put("ExtendedStatistic", definition.extendedStatistic());
        }
        if (definition.treatMissingData() != null) {
            shape.put("TreatMissingData", definition.treatMissingData());
        }
        shape.put("DatapointsToAlarm", definition.datapointsToAlarm());
        shape.putPOJO("StateTransitionedTimestamp", Instant.ofEpochMilli(state.transitioned()));
        return shape;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String token(String token) {
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CloudWatchErrors.invalidNextToken("The service returned an invalid NextToken.");
        }
    }
}
