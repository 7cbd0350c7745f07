package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.alarm.AlarmHistory;
import io.millrace.cloudwatch.alarm.AlarmStore;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** DescribeAlarmHistory: the configuration and state updates of metric alarms, newest first unless asked otherwise. */
final class AlarmHistoryActions {

    /** AWS answers 100 items a page (the most MaxRecords allows) when MaxRecords is not given. */
    private static final int DEFAULT_RECORDS = 100;

    private static final List<String> TYPES = List.of(
            "ConfigurationUpdate", "StateUpdate", "Action", "AlarmContributorStateUpdate", "AlarmContributorAction");

    private record Entry(String alarm, AlarmHistory.Item item) {}

    private final AlarmStore store;

    AlarmHistoryActions(AlarmStore store) {
        this.store = store;
    }

    JsonNode describeAlarmHistory(AwsRequest request) {
        JsonNode body = request.body();
        String name = CloudWatchShapes.boundedText(body, "AlarmName", 255, false);
        String type = CloudWatchShapes.text(body, "HistoryItemType");
        if (type != null && !TYPES.contains(type)) {
            throw CloudWatchShapes.invalid("HistoryItemType", type);
        }
        Instant start = CloudWatchShapes.instant(body, "StartDate");
        Instant end = CloudWatchShapes.instant(body, "EndDate");
        int page = CloudWatchShapes.maxRecords(body, DEFAULT_RECORDS);
        String scanBy = CloudWatchShapes.text(body, "ScanBy");
        if (scanBy != null && !scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw CloudWatchShapes.invalid("ScanBy", scanBy);
        }
        List<JsonNode> types = CloudWatchShapes.list(body, "AlarmTypes");
        boolean metricAlarms =
                types.isEmpty() || types.stream().anyMatch(t -> t.asText().equals("MetricAlarm"));
        List<Entry> entries = new ArrayList<>();
        for (AlarmHistory history : store.histories()) {
            if (!metricAlarms || (name != null && !name.equals(history.name()))) {
                continue;
            }
            for (AlarmHistory.Item item : history.items()) {
                Instant at = Instant.ofEpochMilli(item.timestamp());
                if ((type == null || type.equals(item.type()))
                        && (start == null || !at.isBefore(start))
                        && (end == null || !at.isAfter(end))) {
                    entries.add(new Entry(history.name(), item));
                }
            }
        }
        Comparator<Entry> order = Comparator.comparingLong(
                        (Entry entry) -> entry.item().timestamp())
                .thenComparing(Entry::alarm);
        entries.sort("TimestampAscending".equals(scanBy) ? order : order.reversed());
        int from = offset(CloudWatchShapes.text(body, "NextToken"), entries.size());
        ObjectNode answer = WireCodec.object();
        ArrayNode items = answer.putArray("AlarmHistoryItems");
        for (Entry entry : entries.subList(from, Math.min(entries.size(), from + page))) {
            ObjectNode item = items.addObject();
            item.put("AlarmName", entry.alarm());
            item.put("AlarmType", "MetricAlarm");
            item.putPOJO("Timestamp", Instant.ofEpochMilli(entry.item().timestamp()));
            item.put("HistoryItemType", entry.item().type());
            item.put("HistorySummary", entry.item().summary());
            item.put("HistoryData", entry.item().data());
        }
        if (from + page < entries.size()) {
            answer.put("NextToken", "h" + (from + page));
        }
        return answer;
    }

    /** The token is the position of the page's first item in the same query's answer. */
    private static int offset(String token, int size) {
        if (token == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(token.substring(1));
            if (token.charAt(0) == 'h' && offset >= 0 && offset <= size) {
                return offset;
            }
        } catch (RuntimeException e) {
            // Fall through to AWS's error.
        }
        throw CloudWatchErrors.invalidNextToken("The service returned an invalid NextToken.");
    }
}
