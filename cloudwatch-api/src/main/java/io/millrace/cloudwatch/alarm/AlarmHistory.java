package io.millrace.cloudwatch.alarm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of one alarm name, oldest item first: what DescribeAlarmHistory answers. AWS keeps an alarm's history
 * 30 days, and after the alarm is deleted too; here also at most {@link #MAX_ITEMS} items per name.
 */
public record AlarmHistory(String name, long version, List<Item> items) {

    /** Items kept per alarm name, so that one alarm flapping cannot grow its record without bound. */
    static final int MAX_ITEMS = 100;

    /** AWS: "CloudWatch retains the history of an alarm ... for 30 days". */
    static final Duration RETENTION = Duration.ofDays(30);

    /** One AlarmHistoryItem: HistoryItemType ConfigurationUpdate or StateUpdate. */
    public record Item(long timestamp, String type, String summary, String data) {}

    public AlarmHistory withVersion(long next) {
        return new AlarmHistory(name, next, items);
    }

    /** This history with {@code item} added, the items past the retention or the bound dropped. */
    AlarmHistory plus(Item item) {
        List<Item> kept = new ArrayList<>();
        for (Item old : items) {
            if (old.timestamp() >= item.timestamp() - RETENTION.toMillis()) {
                kept.add(old);
            }
        }
        kept.add(item);
        return new AlarmHistory(
                name, version, List.copyOf(kept.subList(Math.max(0, kept.size() - MAX_ITEMS), kept.size())));
    }

    /** {@code Alarm "NAME" created} or {@code updated}, as AWS summarizes a PutMetricAlarm. */
    public static Item configurationUpdate(String name, boolean created, long now) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("version", "1.0");
        data.put("type", created ? "Create" : "Update");
        return new Item(
                now,
                "ConfigurationUpdate",
                "Alarm \"" + name + "\" " + (created ? "created" : "updated"),
                data.toString());
    }

    /** {@code Alarm updated from OK to ALARM}, with the old and new states in HistoryData as AWS writes them. */
    public static Item stateUpdate(Alarm.State old, Alarm.State next) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("version", "1.0");
        data.putObject("oldState").put("stateValue", old.value()).put("stateReason", old.reason());
        ObjectNode newState =
                data.putObject("newState").put("stateValue", next.value()).put("stateReason", next.reason());
        if (next.reasonData() != null) {
            newState.put("stateReasonData", next.reasonData());
        }
        String text = data.toString();
        return new Item(
                next.updated(),
                "StateUpdate",
                "Alarm updated from " + old.value() + " to " + next.value(),
                // HistoryData: "max": 4095.
                text.length() <= 4095 ? text : text.substring(0, 4095));
    }
}
