package io.millrace.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudwatch.alarm.AlarmStore;
import io.millrace.gateway.store.VersionedTopic;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Metric alarms on a real gateway and the embedded broker, through the SDK v2 client (RPC v2 CBOR) and the AWS CLI
 * v2 (Query): an alarm on a 10-second high-resolution metric goes INSUFFICIENT_DATA, ALARM, OK as datapoints
 * arrive; SetAlarmState and the return to the evaluated state; DescribeAlarms pages; deletion; the alarms read back
 * from their Kafka topic by a fresh store, as a restarted gateway reads them; AWS's errors.
 */
class CloudWatchAlarmsIT {

    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** PutMetricAlarm of one more alarm than this is LimitExceeded. */
    private static final int MAX_ALARMS = 20;

    @TempDir
    static Path stateDir;

    private static CloudWatchTestNode node;
    private static CloudWatchClient client;
    private static String run;

    @BeforeAll
    static void start() throws Exception {
        node = CloudWatchTestNode.start(
                "cloudwatch-alarms-it",
                stateDir,
                Map.of(
                        CloudWatchConfig.ALARMS_TOPIC,
                        "alarms-{run}",
                        CloudWatchConfig.ALARM_EVALUATION_INTERVAL_MS,
                        "500",
                        CloudWatchConfig.MAX_ALARMS,
                        String.valueOf(MAX_ALARMS)));
        run = node.run();
        client = node.client();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static URI endpoint() {
        return node.endpoint();
    }

    @Test
    void alarmGoesFromInsufficientDataToAlarmOnDatapointsAboveTheThresholdAndBackToOk() throws Exception {
        Dimension queue = Dimension.builder().name("Queue").value("jobs").build();
        String name = "latency-" + run;
        client.putMetricAlarm(r -> r.applyMutation(latencyAlarm(name, queue))
                .alarmDescription("minimum latency above 50")
                .alarmActions("arn:aws:sns:us-east-1:000000000000:pager"));
        MetricAlarm created = alarm(name);
        assertThat(created.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        assertThat(created.stateReason()).isEqualTo("Unchecked: Initial alarm creation");
        assertThat(created.alarmArn()).endsWith(":alarm:" + name);
        assertThat(created.datapointsToAlarm()).isEqualTo(1);
        assertThat(created.alarmActions()).containsExactly("arn:aws:sns:us-east-1:000000000000:pager");

        putLatency(queue, 100.0);
        MetricAlarm alarmed = awaitState(name, StateValue.ALARM);
        assertThat(alarmed.stateReason())
                .startsWith("Threshold Crossed: 1 out of the last 1 datapoints [100.0 (")
                .endsWith("was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).");
        JsonNode data = JSON.readTree(alarmed.stateReasonData());
        assertThat(data.path("version").asText()).isEqualTo("1.0");
        assertThat(data.path("statistic").asText()).isEqualTo("Minimum");
        assertThat(data.path("period").asInt()).isEqualTo(10);
        assertThat(data.path("recentDatapoints").get(0).asDouble()).isEqualTo(100.0);
        assertThat(data.path("threshold").asDouble()).isEqualTo(50.0);
        assertThat(alarmed.stateUpdatedTimestamp()).isAfter(created.stateUpdatedTimestamp());
        assertThat(alarmed.stateTransitionedTimestamp()).isEqualTo(alarmed.stateUpdatedTimestamp());

        putLatency(queue, 1.0);
        MetricAlarm ok = awaitState(name, StateValue.OK);
        assertThat(ok.stateReason()).contains("was not greater than the threshold (50.0)");

        // The history, newest first: the two transitions and the creation, which stays after deletion.
        client.deleteAlarms(r -> r.alarmNames(name));
        List<AlarmHistoryItem> history =
                client.describeAlarmHistory(r -> r.alarmName(name)).alarmHistoryItems();
        assertThat(history)
                .extracting(AlarmHistoryItem::historySummary)
                .containsExactly(
                        "Alarm updated from ALARM to OK",
                        "Alarm updated from INSUFFICIENT_DATA to ALARM",
                        "Alarm \"" + name + "\" created");
        assertThat(JSON.readTree(history.get(0).historyData())
                        .path("newState")
                        .path("stateValue")
                        .asText())
                .isEqualTo("OK");
        assertThat(client.describeAlarmHistory(r -> r.alarmName(name)
                                .historyItemType(HistoryItemType.STATE_UPDATE)
                                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                                .maxRecords(1))
                        .alarmHistoryItems())
                .extracting(AlarmHistoryItem::historySummary)
                .containsExactly("Alarm updated from INSUFFICIENT_DATA to ALARM");
        client.putMetricAlarm(r -> r.applyMutation(latencyAlarm(name, queue)));
        assertThat(client.describeAlarmsForMetric(r ->
                                r.namespace("App/Alarms").metricName("Latency").dimensions(queue))
                        .metricAlarms())
                .extracting(MetricAlarm::alarmName)
                .containsExactly(name);
        assertThat(client.describeAlarmsForMetric(r -> r.namespace("App/Alarms").metricName("Other"))
                        .metricAlarms())
                .isEmpty();
        client.deleteAlarms(r -> r.alarmNames(name));
    }

    @Test
    void setAlarmStateHoldsUntilTheNextEvaluationAndNamesNoUnknownAlarm() {
        String name = "manual-" + run;
        // No datapoints and TreatMissingData missing: the evaluated state is INSUFFICIENT_DATA.
        client.putMetricAlarm(alarmOn(name, "Idle"));
        client.setAlarmState(r -> r.alarmName(name)
                .stateValue(StateValue.ALARM)
                .stateReason("testing the pager")
                .stateReasonData("{\"by\":\"it\"}"));
        MetricAlarm returned = awaitState(name, StateValue.INSUFFICIENT_DATA);
        assertThat(returned.stateReason()).isEqualTo("Insufficient Data: 1 datapoint was unknown.");

        assertThatThrownBy(() -> client.setAlarmState(r ->
                        r.alarmName("no-such-" + run).stateValue(StateValue.OK).stateReason("x")))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Alarm no-such-" + run + " not found");
                });
        assertThatThrownBy(() -> client.setAlarmState(r -> r.alarmName(name)
                        .stateValue(StateValue.OK)
                        .stateReason("x")
                        .stateReasonData("{no")))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidFormat"));
        client.deleteAlarms(r -> r.alarmNames(name));
    }

    @Test
    void describeAlarmsPagesAndDeleteAlarmsRemovesThemForGood() throws Exception {
        String prefix = "page-" + run + "-";
        List<String> names = new ArrayList<>();
        // The first through the CLI (Query protocol: numbers, booleans and member lists as text), the others the SDK.
        AwsCliV2.cloudwatch(
                endpoint(),
                "put-metric-alarm",
                "--alarm-name",
                prefix + 0,
                "--namespace",
                "App/Alarms",
                "--metric-name",
                "Paged",
                "--dimensions",
                "Name=Host,Value=h1",
                "--statistic",
                "Average",
                "--period",
                "60",
                "--evaluation-periods",
                "1",
                "--threshold",
                "10",
                "--comparison-operator",
                "GreaterThanOrEqualToThreshold",
                "--no-actions-enabled",
                "--ok-actions",
                "arn:aws:sns:us-east-1:000000000000:a",
                "arn:aws:sns:us-east-1:000000000000:b");
        names.add(prefix + 0);
        for (int i = 1; i < 7; i++) {
            names.add(prefix + i);
            client.putMetricAlarm(alarmOn(prefix + i, "Paged"));
        }
        MetricAlarm viaCli = alarm(prefix + 0);
        assertThat(viaCli.actionsEnabled()).isFalse();
        assertThat(viaCli.okActions()).hasSize(2);
        assertThat(viaCli.threshold()).isEqualTo(10.0);
        assertThat(viaCli.dimensions())
                .containsExactly(Dimension.builder().name("Host").value("h1").build());
        List<String> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeAlarmsResponse page = client.describeAlarms(
                    r -> r.alarmNamePrefix(prefix).maxRecords(3).nextToken(next));
            page.metricAlarms().forEach(alarm -> paged.add(alarm.alarmName()));
            pageSizes.add(page.metricAlarms().size());
            token = page.nextToken();
        } while (token != null);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(paged).containsExactlyElementsOf(names);
        assertThat(client.describeAlarms(r -> r.alarmNames(prefix + "2", prefix + "5", "none-" + run))
                        .metricAlarms())
                .extracting(MetricAlarm::alarmName)
                .containsExactly(prefix + "2", prefix + "5");
        assertThat(client.describeAlarms(r -> r.alarmNamePrefix(prefix).stateValue(StateValue.OK))
                        .metricAlarms())
                .isEmpty();

        // The CLI (Query protocol) pages with MaxRecords 2 and joins the pages.
        JsonNode cli = JSON.readTree(
                AwsCliV2.cloudwatch(endpoint(), "describe-alarms", "--alarm-name-prefix", prefix, "--page-size", "2"));
        List<String> cliNames = new ArrayList<>();
        cli.path("MetricAlarms")
                .forEach(alarm -> cliNames.add(alarm.path("AlarmName").asText()));
        assertThat(cliNames).containsExactlyElementsOf(names);
        JsonNode first = cli.path("MetricAlarms").get(0);
        assertThat(first.path("StateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(first.path("Period").asInt()).isEqualTo(60);
        assertThat(first.path("Dimensions").get(0).path("Name").asText()).isEqualTo("Host");

        // Kept in Kafka: a fresh store on the topic (what a restarted gateway starts from) reads them all.
        try (VersionedTopic topic =
                VersionedTopic.withOwnAdmin(node.kafkaClientProperties(), "alarms-" + run, "alarms-it-reader")) {
            AlarmStore reread = new AlarmStore(topic);
            topic.start(Duration.ofSeconds(30));
            assertThat(reread.alarm(prefix + "3"))
                    .map(alarm -> alarm.definition().metricName())
                    .contains("Paged");
        }

        List<String> deleted = new ArrayList<>(names);
        deleted.add("none-" + run);
        client.deleteAlarms(r -> r.alarmNames(deleted));
        assertThat(client.describeAlarms(r -> r.alarmNamePrefix(prefix)).metricAlarms())
                .isEmpty();
        JsonNode cliAfter =
                JSON.readTree(AwsCliV2.cloudwatch(endpoint(), "describe-alarms", "--alarm-name-prefix", prefix));
        assertThat(cliAfter.path("MetricAlarms")).isEmpty();
    }

    @Test
    void refusesWhatAwsRefuses() {
        expect("ValidationError", r -> r.applyMutation(base("bad-period")).period(15));
        expect(
                "ValidationError",
                r -> r.applyMutation(base("m-of-n")).evaluationPeriods(2).datapointsToAlarm(3));
        expect("InvalidParameterCombination", r -> r.applyMutation(base("both")).extendedStatistic("p99"));
        expect(
                "ValidationError",
                r -> r.alarmName("math-" + run)
                        .evaluationPeriods(1)
                        .threshold(1.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .metrics(MetricDataQuery.builder()
                                .id("e1")
                                .expression("m1 * 2")
                                .build()));
        expect(
                "MissingParameter",
                r -> r.alarmName("no-period-" + run)
                        .namespace("App/Alarms")
                        .metricName("X")
                        .statistic(Statistic.SUM)
                        .evaluationPeriods(1)
                        .threshold(1.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        assertThatThrownBy(() -> client.describeAlarms(r -> r.maxRecords(101)))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> client.describeAlarms(r -> r.alarmNames("a").alarmNamePrefix("a")))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
        assertThatThrownBy(() -> client.describeAlarms(r -> r.nextToken("***")))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));

        // The account's alarm quota: the one past it is LimitExceeded, an update of an existing one is not.
        String prefix = "quota-" + run + "-";
        int existing =
                client.describeAlarms(r -> r.maxRecords(100)).metricAlarms().size();
        List<String> created = new ArrayList<>();
        for (int i = existing; i < MAX_ALARMS; i++) {
            client.putMetricAlarm(alarmOn(prefix + i, "Quota"));
            created.add(prefix + i);
        }
        expect("LimitExceeded", r -> r.applyMutation(alarmOn(prefix + "extra", "Quota")));
        client.putMetricAlarm(
                r -> r.applyMutation(alarmOn(created.get(0), "Quota")).threshold(7.0));
        assertThat(alarm(created.get(0)).threshold()).isEqualTo(7.0);
        client.deleteAlarms(r -> r.alarmNames(created));
    }

    private void expect(String code, Consumer<PutMetricAlarmRequest.Builder> request) {
        assertThatThrownBy(() -> client.putMetricAlarm(request))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    private static Consumer<PutMetricAlarmRequest.Builder> base(String name) {
        return r -> r.alarmName(name + "-" + run)
                .namespace("App/Alarms")
                .metricName("X")
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    /** The Minimum of a 10-second metric above 50, missing data ignored. */
    private static Consumer<PutMetricAlarmRequest.Builder> latencyAlarm(String name, Dimension queue) {
        return r -> r.alarmName(name)
                .namespace("App/Alarms")
                .metricName("Latency")
                .dimensions(queue)
                .statistic(Statistic.MINIMUM)
                .period(10)
                .evaluationPeriods(1)
                .threshold(50.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("ignore");
    }

    private static Consumer<PutMetricAlarmRequest.Builder> alarmOn(String name, String metric) {
        return r -> r.alarmName(name)
                .namespace("App/Alarms")
                .metricName(metric)
                .dimensions(Dimension.builder().name("Host").value("h1").build())
                .statistic(Statistic.AVERAGE)
                .period(60)
                .evaluationPeriods(1)
                .threshold(10.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private static void putLatency(Dimension queue, double value) {
        client.putMetricData(r -> r.namespace("App/Alarms")
                .metricData(d -> d.metricName("Latency")
                        .dimensions(queue)
                        .timestamp(Instant.now())
                        .value(value)
                        .storageResolution(1)));
    }

    private static MetricAlarm alarm(String name) {
        List<MetricAlarm> alarms =
                client.describeAlarms(r -> r.alarmNames(name)).metricAlarms();
        assertThat(alarms).hasSize(1);
        return alarms.get(0);
    }

    private static MetricAlarm awaitState(String name, StateValue state) {
        return await().atMost(STATE_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> alarm(name), alarm -> alarm.stateValue() == state);
    }
}
