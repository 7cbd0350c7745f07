package io.millrace.analytics.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.randomcutforest.RandomCutForest;
import io.millrace.analytics.functions.RandomCutForestFunction;
import io.millrace.analytics.sql.SqlScriptRunner;
import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every job shipped under resources/jobs, run as users run it (the script through SqlScriptRunner), on bounded
 * input with explicit arrival times, checked against the exact records it writes.
 */
class ShippedJobsIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    /** 2024-05-01 10:00:00 UTC. */
    private static final long T0 = 1_714_557_600_000L;

    private static List<StreamRecord> orders() {
        return List.of(
                order("o1", "alice", 15.0, "EUR", 5),
                order("o2", "bob", 20.0, "USD", 20),
                order("o8", "dave", 12.0, "USD", 30),
                order("o3", "alice", 30.0, "EUR", 50),
                order("o3", "alice", 30.0, "EUR", 55), // a redelivery of o3
                order("o4", "alice", 40.0, "USD", 70),
                order("o5", "bob", 50.0, "EUR", 90),
                order("o6", "carol", 60.0, "EUR", 179),
                order("o7", "bob", 5.0, "USD", 200));
    }

    @Test
    void tumblingWindowCounts() throws Exception {
        assertThat(runOnOrders("tumbling-window-counts.sql"))
                .containsExactlyInAnyOrder(
                        "{\"customer\":\"alice\",\"window_start\":\"2024-05-01 10:00:00\",\"window_end\":\"2024-05-01 10:01:00\",\"orders\":3}",
                        "{\"customer\":\"bob\",\"window_start\":\"2024-05-01 10:00:00\",\"window_end\":\"2024-05-01 10:01:00\",\"orders\":1}",
                        "{\"customer\":\"dave\",\"window_start\":\"2024-05-01 10:00:00\",\"window_end\":\"2024-05-01 10:01:00\",\"orders\":1}",
                        "{\"customer\":\"alice\",\"window_start\":\"2024-05-01 10:01:00\",\"window_end\":\"2024-05-01 10:02:00\",\"orders\":1}",
                        "{\"customer\":\"bob\",\"window_start\":\"2024-05-01 10:01:00\",\"window_end\":\"2024-05-01 10:02:00\",\"orders\":1}",
                        "{\"customer\":\"carol\",\"window_start\":\"2024-05-01 10:02:00\",\"window_end\":\"2024-05-01 10:03:00\",\"orders\":1}",
                        "{\"customer\":\"bob\",\"window_start\":\"2024-05-01 10:03:00\",\"window_end\":\"2024-05-01 10:04:00\",\"orders\":1}");
    }

    @Test
    void slidingWindowAverages() throws Exception {
        assertThat(runOnOrders("sliding-window-averages.sql"))
                .containsExactlyInAnyOrder(
                        window("alice", "09:59", "10:01", "average_amount", "25.0"),
                        window("bob", "09:59", "10:01", "average_amount", "20.0"),
                        window("dave", "09:59", "10:01", "average_amount", "12.0"),
                        window("alice", "10:00", "10:02", "average_amount", "28.75"),
                        window("bob", "10:00", "10:02", "average_amount", "35.0"),
                        window("dave", "10:00", "10:02", "average_amount", "12.0"),
                        window("alice", "10:01", "10:03", "average_amount", "40.0"),
                        window("bob", "10:01", "10:03", "average_amount", "50.0"),
                        window("carol", "10:01", "10:03", "average_amount", "60.0"),
                        window("carol", "10:02", "10:04", "average_amount", "60.0"),
                        window("bob", "10:02", "10:04", "average_amount", "5.0"),
                        window("bob", "10:03", "10:05", "average_amount", "5.0"));
    }

    @Test
    void cumulativeWindowTotals() throws Exception {
        assertThat(runOnOrders("cumulative-window-totals.sql"))
                .containsExactlyInAnyOrder(
                        window("alice", "10:00", "10:01", "total_amount", "75.0"),
                        window("bob", "10:00", "10:01", "total_amount", "20.0"),
                        window("dave", "10:00", "10:01", "total_amount", "12.0"),
                        window("alice", "10:00", "10:02", "total_amount", "115.0"),
                        window("bob", "10:00", "10:02", "total_amount", "70.0"),
                        window("dave", "10:00", "10:02", "total_amount", "12.0"),
                        window("alice", "10:00", "10:03", "total_amount", "115.0"),
                        window("bob", "10:00", "10:03", "total_amount", "70.0"),
                        window("dave", "10:00", "10:03", "total_amount", "12.0"),
                        window("carol", "10:00", "10:03", "total_amount", "60.0"),
                        window("bob", "10:03", "10:04", "total_amount", "5.0"),
                        window("bob", "10:03", "10:05", "total_amount", "5.0"),
                        window("bob", "10:03", "10:06", "total_amount", "5.0"));
    }

    @Test
    void sessionWindows() throws Exception {
        assertThat(runOnOrders("session-windows.sql"))
                .containsExactlyInAnyOrder(
                        session("alice", "10:00:05", "10:00:35", 1, "15.0"),
                        session("alice", "10:00:50", "10:01:40", 3, "100.0"),
                        session("bob", "10:00:20", "10:00:50", 1, "20.0"),
                        session("bob", "10:01:30", "10:02:00", 1, "50.0"),
                        session("bob", "10:03:20", "10:03:50", 1, "5.0"),
                        session("dave", "10:00:30", "10:01:00", 1, "12.0"),
                        session("carol", "10:02:59", "10:03:29", 1, "60.0"));
    }

    @Test
    void topCustomersPerWindow() throws Exception {
        assertThat(runOnOrders("top-customers-per-window.sql"))
                .containsExactlyInAnyOrder(
                        top("10:00", "10:01", 1, "alice", "75.0"),
                        top("10:00", "10:01", 2, "bob", "20.0"),
                        top("10:01", "10:02", 1, "bob", "50.0"),
                        top("10:01", "10:02", 2, "alice", "40.0"),
                        top("10:02", "10:03", 1, "carol", "60.0"),
                        top("10:03", "10:04", 1, "bob", "5.0"));
    }

    @Test
    void deduplication() throws Exception {
        assertThat(runOnOrders("deduplication.sql"))
                .containsExactlyInAnyOrder(
                        unique("o1", "alice", "15.0", "10:00:05"),
                        unique("o2", "bob", "20.0", "10:00:20"),
                        unique("o8", "dave", "12.0", "10:00:30"),
                        unique("o3", "alice", "30.0", "10:00:50"),
                        unique("o4", "alice", "40.0", "10:01:10"),
                        unique("o5", "bob", "50.0", "10:01:30"),
                        unique("o6", "carol", "60.0", "10:02:59"),
                        unique("o7", "bob", "5.0", "10:03:20"));
    }

    @Test
    void intervalJoin() throws Exception {
        String shipments = stream(
                "shipments",
                List.of(
                        shipment("o1", "FastShip", 60),
                        shipment("o9", "Truck", 100),
                        shipment("o4", "FastShip", 100),
                        shipment("o2", "SlowBoat", 200),
                        shipment("o6", "Truck", 400)));
        assertThat(runOnOrders("interval-join.sql", "shipments", shipments))
                .containsExactlyInAnyOrder(
                        "{\"order_id\":\"o1\",\"customer\":\"alice\",\"carrier\":\"FastShip\",\"seconds_to_ship\":55}",
                        "{\"order_id\":\"o4\",\"customer\":\"alice\",\"carrier\":\"FastShip\",\"seconds_to_ship\":30}");
    }

    @Test
    void temporalJoinAgainstAVersionedTable() throws Exception {
        String rates = stream(
                "rates",
                List.of(rate("EUR", 1.25, 0), rate("USD", 0.75, 0), rate("EUR", 1.5, 60), rate("USD", 0.5, 150)));
        assertThat(runOnOrders("temporal-join.sql", "rates", rates))
                .containsExactlyInAnyOrder(
                        converted("o1", "alice", "15.0", "EUR", "1.25", "18.75"),
                        converted("o2", "bob", "20.0", "USD", "0.75", "15.0"),
                        converted("o8", "dave", "12.0", "USD", "0.75", "9.0"),
                        converted("o3", "alice", "30.0", "EUR", "1.25", "37.5"),
                        converted("o3", "alice", "30.0", "EUR", "1.25", "37.5"),
                        converted("o4", "alice", "40.0", "USD", "0.75", "30.0"),
                        converted("o5", "bob", "50.0", "EUR", "1.5", "75.0"),
                        converted("o6", "carol", "60.0", "EUR", "1.5", "90.0"),
                        converted("o7", "bob", "5.0", "USD", "0.5", "2.5"));
    }

    @Test
    void matchRecognizeFindsOverheating() throws Exception {
        List<StreamRecord> readings = new ArrayList<>();
        double[] s1 = {90, 101, 105, 103, 99, 102, 104, 95};
        for (int i = 0; i < s1.length; i++) {
            readings.add(reading("s1", "temperature", s1[i], i * 10_000L));
        }
        double[] s2 = {120, 121, 122, 123, 80};
        for (int i = 0; i < s2.length; i++) {
            readings.add(reading("s2", "temperature", s2[i], 5_000L + i * 10_000L));
        }
        readings.sort((a, b) -> Long.compare(a.arrivalMillis(), b.arrivalMillis()));
        String input = stream("readings", readings);

        assertThat(run("overheating-pattern.sql", input, Map.of()))
                .containsExactlyInAnyOrder(
                        "{\"sensor\":\"s1\",\"started\":\"2024-05-01 10:00:10\",\"last_hot\":\"2024-05-01 10:00:30\","
                                + "\"peak\":105.0,\"hot_readings\":3}",
                        "{\"sensor\":\"s2\",\"started\":\"2024-05-01 10:00:05\",\"last_hot\":\"2024-05-01 10:00:35\","
                                + "\"peak\":123.0,\"hot_readings\":4}");
    }

    @Test
    void lateDataIsRoutedByCurrentWatermark() throws Exception {
        long[] eventSeconds = {0, 30, 25, 60, 45, 55, 40, 50};
        String[] devices = {"d1", "d1", "d2", "d1", "d2", "d2", "d1", "d1"};
        List<StreamRecord> events = new ArrayList<>();
        for (int i = 0; i < eventSeconds.length; i++) {
            String json = "{\"device\":\"" + devices[i] + "\",\"value\":" + (i + 1) + ".0,\"ts\":"
                    + (T0 + eventSeconds[i] * 1000) + "}";
            events.add(new StreamRecord(0, devices[i], json, T0 + 100_000 + i));
        }
        String input = stream("device-events", events);
        String late = TestStreams.uniqueStream("late");
        TestStreams.createStream(late, 1);

        List<String> onTime = run("late-data-routing.sql", input, Map.of("late-output", late));

        assertThat(onTime)
                .containsExactlyInAnyOrder(
                        event("d1", "1.0", "10:00:00", null),
                        event("d1", "2.0", "10:00:30", null),
                        event("d2", "3.0", "10:00:25", null),
                        event("d1", "4.0", "10:01:00", null),
                        event("d2", "6.0", "10:00:55", null));
        assertThat(TestStreams.readValues(late))
                .containsExactlyInAnyOrder(
                        event("d2", "5.0", "10:00:45", "10:00:50"),
                        event("d1", "7.0", "10:00:40", "10:00:50"),
                        event("d1", "8.0", "10:00:50", "10:00:50"));
    }

    @Test
    void randomCutForestScoresEveryReadingAndFlagsTheSpike() throws Exception {
        List<StreamRecord> readings = new ArrayList<>();
        Map<String, List<Double>> values = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            double v1 = i == 100 ? 60.0 : 10.0 + i % 4;
            double v2 = 50.0 + i % 3;
            readings.add(reading("s1", "value", v1, i * 1000L));
            readings.add(reading("s2", "value", v2, i * 1000L + 500));
            values.computeIfAbsent("s1", k -> new ArrayList<>()).add(v1);
            values.computeIfAbsent("s2", k -> new ArrayList<>()).add(v2);
        }
        String input = stream("sensor-readings", readings);

        List<String> scored = run("anomaly-detection.sql", input, Map.of("trees", "30", "sample-size", "64"));

        // The same forest, fed the same values in the same order per sensor, gives the scores the job must write.
        List<String> expected = new ArrayList<>();
        double spikeScore = 0;
        double otherMax = 0;
        for (String sensor : List.of("s1", "s2")) {
            RandomCutForest forest = RandomCutForestFunction.newForest(30, 64, 1);
            List<Double> series = values.get(sensor);
            for (int i = 0; i < series.size(); i++) {
                double[] point = {series.get(i)};
                double score = forest.getAnomalyScore(point);
                forest.update(point);
                long arrival = i * 1000L + (sensor.equals("s2") ? 500 : 0);
                expected.add("{\"sensor\":\"" + sensor + "\",\"value\":" + series.get(i) + ",\"arrival\":\""
                        + time(arrival) + "\",\"anomaly_score\":" + score + "}");
                if (sensor.equals("s1") && i == 100) {
                    spikeScore = score;
                } else if (i >= 16) {
                    otherMax = Math.max(otherMax, score);
                }
            }
        }
        assertThat(scored).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(spikeScore).as("the spike stands out").isGreaterThan(2 * otherMax);
    }

    // ---- helpers

    private List<String> runOnOrders(String job, String... extraVariables) throws Exception {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < extraVariables.length; i += 2) {
            variables.put(extraVariables[i], extraVariables[i + 1]);
        }
        return run(job, stream("orders", orders()), variables);
    }

    /** Runs a shipped job on a bounded input stream and returns the values written to its output stream. */
    private List<String> run(String job, String input, Map<String, String> extraVariables) throws Exception {
        String output = TestStreams.uniqueStream("out");
        TestStreams.createStream(output, 1);
        Map<String, String> variables = new HashMap<>(extraVariables);
        variables.put("input", input);
        variables.put("output", output);
        variables.put("bounded", "latest");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SqlScriptRunner runner = SqlScriptRunner.local(new SqlScriptRunner.Settings(
                TestStreams.bootstrapServers(),
                Map.of("table.exec.resource.default-parallelism", "1"),
                variables,
                new PrintStream(printed, true, StandardCharsets.UTF_8)));
        try {
            runner.run(script(job));
            runner.awaitJobs();
        } finally {
            runner.close();
        }
        return TestStreams.readValues(output);
    }

    private static String script(String job) throws IOException {
        try (InputStream in = ShippedJobsIT.class.getResourceAsStream("/jobs/" + job)) {
            assertThat(in).as("job file %s", job).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stream(String base, List<StreamRecord> records) throws Exception {
        String name = TestStreams.uniqueStream(base);
        TestStreams.createStream(name, 1);
        TestStreams.put(name, records);
        return name;
    }

    private static StreamRecord order(String id, String customer, double amount, String currency, int second) {
        return new StreamRecord(
                0,
                customer,
                "{\"order_id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"amount\":" + amount
                        + ",\"currency\":\"" + currency + "\"}",
                T0 + second * 1000L);
    }

    private static StreamRecord shipment(String orderId, String carrier, int second) {
        return new StreamRecord(
                0, orderId, "{\"order_id\":\"" + orderId + "\",\"carrier\":\"" + carrier + "\"}", T0 + second * 1000L);
    }

    private static StreamRecord rate(String currency, double rate, int second) {
        return new StreamRecord(
                0, currency, "{\"currency\":\"" + currency + "\",\"rate\":" + rate + "}", T0 + second * 1000L);
    }

    private static StreamRecord reading(String sensor, String field, double value, long offsetMillis) {
        return new StreamRecord(
                0, sensor, "{\"sensor\":\"" + sensor + "\",\"" + field + "\":" + value + "}", T0 + offsetMillis);
    }

    /** A TIMESTAMP(3) as Flink's JSON format writes it: no fraction when it is zero. */
    private static String time(long offsetMillis) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(
                java.time.Instant.ofEpochMilli(T0 + offsetMillis), java.time.ZoneOffset.UTC);
        String text = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(t);
        int millis = t.getNano() / 1_000_000;
        return millis == 0 ? text : text + "." + String.format("%03d", millis).replaceAll("0+$", "");
    }

    private static String window(String customer, String start, String end, String field, String value) {
        return "{\"customer\":\"" + customer + "\",\"window_start\":\"2024-05-01 " + start + ":00\",\"window_end\":"
                + "\"2024-05-01 " + end + ":00\",\"" + field + "\":" + value + "}";
    }

    private static String session(String customer, String start, String end, int orders, String total) {
        return "{\"customer\":\"" + customer + "\",\"session_start\":\"2024-05-01 " + start + "\",\"session_end\":"
                + "\"2024-05-01 " + end + "\",\"orders\":" + orders + ",\"total_amount\":" + total + "}";
    }

    private static String top(String start, String end, int rank, String customer, String total) {
        return "{\"window_start\":\"2024-05-01 " + start + ":00\",\"window_end\":\"2024-05-01 " + end + ":00\","
                + "\"rank\":" + rank + ",\"customer\":\"" + customer + "\",\"total_amount\":" + total + "}";
    }

    private static String unique(String id, String customer, String amount, String arrival) {
        return "{\"order_id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"amount\":" + amount
                + ",\"first_arrival\":\"2024-05-01 " + arrival + "\"}";
    }

    private static String converted(
            String id, String customer, String amount, String currency, String rate, String base) {
        return "{\"order_id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"amount\":" + amount
                + ",\"currency\":\"" + currency + "\",\"rate\":" + rate + ",\"base_amount\":" + base + "}";
    }

    private static String event(String device, String value, String time, String watermark) {
        return "{\"device\":\"" + device + "\",\"value\":" + value + ",\"event_time\":\"2024-05-01 " + time + "\""
                + (watermark == null ? "" : ",\"watermark_at_arrival\":\"2024-05-01 " + watermark + "\"") + "}";
    }
}
