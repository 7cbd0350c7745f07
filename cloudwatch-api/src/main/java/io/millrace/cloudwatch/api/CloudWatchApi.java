package io.millrace.cloudwatch.api;

import io.millrace.cloudwatch.alarm.AlarmStore;
import io.millrace.cloudwatch.cluster.ClusterMetricStore;
import io.millrace.cloudwatch.store.MetricWriter;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.QueryProtocol;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The CloudWatch API (service model {@code monitoring} 2010-08-01): reached by Smithy RPC v2 CBOR and JSON 1.0 under
 * the name {@code GraniteServiceVersion20100801}, and by the Query protocol under its {@code Version}. Each action
 * needs {@code cloudwatch:<Action>} on {@code *}, as AWS's service authorization reference lists them.
 */
public final class CloudWatchApi {

    public static final String TARGET_PREFIX = "GraniteServiceVersion20100801";

    public static final QueryProtocol QUERY =
            new QueryProtocol("2010-08-01", "monitoring", "http://monitoring.amazonaws.com/doc/2010-08-01/");

    /** The actions of the API that this endpoint does not serve: composite alarms, dashboards, streams, insights. */
    private static final List<String> UNSUPPORTED = List.of(
            "DeleteAnomalyDetector",
            "DeleteDashboards",
            "DeleteInsightRules",
            "DeleteMetricStream",
            "DescribeAnomalyDetectors",
            "DescribeInsightRules",
            "DisableAlarmActions",
            "DisableInsightRules",
            "EnableAlarmActions",
            "EnableInsightRules",
            "GetDashboard",
            "GetInsightRuleReport",
            "GetMetricStream",
            "GetMetricWidgetImage",
            "ListDashboards",
            "ListManagedInsightRules",
            "ListMetricStreams",
            "ListTagsForResource",
            "PutAnomalyDetector",
            "PutCompositeAlarm",
            "PutDashboard",
            "PutInsightRule",
            "PutManagedInsightRules",
            "PutMetricStream",
            "StartMetricStreams",
            "StopMetricStreams",
            "TagResource",
            "UntagResource");

    private CloudWatchApi() {}

    public static ActionRegistry actions(
            MetricWriter writer, ClusterMetricStore store, AlarmStore alarms, int maxAlarms, Executor executor) {
        MetricDataActions data = new MetricDataActions(writer);
        StatisticsActions statistics = new StatisticsActions(store);
        ListMetricsActions list = new ListMetricsActions(store);
        AlarmActions alarmWrites = new AlarmActions(alarms, maxAlarms);
        DescribeAlarmsActions alarmReads = new DescribeAlarmsActions(alarms);
        AlarmHistoryActions history = new AlarmHistoryActions(alarms);
        return ActionRegistry.forService(TARGET_PREFIX, "cloudwatch")
                .queryProtocol(QUERY)
                .on(executor, "PutMetricData", data::putMetricData)
                .on(executor, "GetMetricStatistics", statistics::getMetricStatistics)
                .on(executor, "GetMetricData", statistics::getMetricData)
                .on(executor, "ListMetrics", list::listMetrics)
                .on(executor, "PutMetricAlarm", alarmWrites::putMetricAlarm)
                .on(executor, "DeleteAlarms", alarmWrites::deleteAlarms)
                .on(executor, "SetAlarmState", alarmWrites::setAlarmState)
                .on(executor, "DescribeAlarms", alarmReads::describeAlarms)
                .on(executor, "DescribeAlarmsForMetric", alarmReads::describeAlarmsForMetric)
                .on(executor, "DescribeAlarmHistory", history::describeAlarmHistory)
                .unsupported(UNSUPPORTED)
                .build();
    }
}
