package io.millrace.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * The CloudWatch API on a real gateway and the embedded broker: the SDK v2 client (Smithy RPC v2 CBOR), raw JSON 1.0
 * and CBOR requests, and the AWS CLI v2 (Query protocol) write datapoints and read back their aggregates.
 */
class CloudWatchIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @TempDir
    static Path stateDir;

    private static CloudWatchTestNode node;
    private static CloudWatchClient client;
    private static final HttpClient http = HttpClient.newHttpClient();

    /** Two whole minutes, ten and nine minutes ago. */
    private static final Instant MINUTE_A =
            Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);

    private static final Instant MINUTE_B = MINUTE_A.plus(1, ChronoUnit.MINUTES);

    @BeforeAll
    static void start() throws Exception {
        node = CloudWatchTestNode.start("cloudwatch-it", stateDir, Map.of());
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
    void sdkWritesDatapointsAndReadsTheirStatisticsPerPeriod() {
        Dimension stream =
                Dimension.builder().name("StreamName").value("orders").build();
        Dimension shard = Dimension.builder().name("ShardId").value("shard-1").build();
        client.putMetricData(r -> r.namespace("App/Sdk")
                .metricData(
                        datum("Latency", MINUTE_A.plusSeconds(5), 10.0, stream, shard),
                        datum("Latency", MINUTE_A.plusSeconds(30), 30.0, shard, stream),
                        MetricDatum.builder()
                                .metricName("Latency")
                                .dimensions(stream, shard)
                                .timestamp(MINUTE_A.plusSeconds(50))
                                .values(1.0, 2.0)
                                .counts(1.0, 3.0)
                                .unit(StandardUnit.MILLISECONDS)
                                .build(),
                        MetricDatum.builder()
                                .metricName("Latency")
                                .dimensions(stream, shard)
                                .timestamp(MINUTE_B.plusSeconds(1))
                                .statisticValues(StatisticSet.builder()
                                        .sampleCount(4.0)
                                        .sum(100.0)
                                        .minimum(5.0)
                                        .maximum(50.0)
                                        .build())
                                .unit(StandardUnit.MILLISECONDS)
                                .build(),
                        datum("Latency", MINUTE_B.plusSeconds(2), 7.0, stream)));

        GetMetricStatisticsResponse statistics = await().atMost(READ_TIMEOUT)
                .until(
                        () -> client.getMetricStatistics(r -> r.namespace("App/Sdk")
                                .metricName("Latency")
                                .dimensions(shard, stream)
                                .startTime(MINUTE_A)
                                .endTime(MINUTE_B.plus(1, ChronoUnit.MINUTES))
                                .period(60)
                                .statistics(
                                        Statistic.SAMPLE_COUNT,
                                        Statistic.SUM,
                                        Statistic.AVERAGE,
                                        Statistic.MINIMUM,
                                        Statistic.MAXIMUM)),
                        response -> response.datapoints().size() == 2
                                && response.datapoints().stream()
                                                .mapToDouble(Datapoint::sampleCount)
                                                .sum()
                                        == 10);
        assertThat(statistics.label()).isEqualTo("Latency");
        List<Datapoint> points = new ArrayList<>(statistics.datapoints());
        points.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        // Minute A: 10, 30, then 1 once and 2 three times: six samples, sum 47.
        assertThat(points.get(0).timestamp()).isEqualTo(MINUTE_A);
        assertThat(points.get(0).sampleCount()).isEqualTo(6.0);
        assertThat(points.get(0).sum()).isEqualTo(47.0);
        assertThat(points.get(0).minimum()).isEqualTo(1.0);
        assertThat(points.get(0).maximum()).isEqualTo(30.0);
        assertThat(points.get(0).average()).isEqualTo(47.0 / 6);
        assertThat(points.get(0).unit()).isEqualTo(StandardUnit.MILLISECONDS);
        // Minute B: the statistic set only (7.0 went to the metric with one dimension).
        assertThat(points.get(1).timestamp()).isEqualTo(MINUTE_B);
        assertThat(points.get(1).sampleCount()).isEqualTo(4.0);
        assertThat(points.get(1).sum()).isEqualTo(100.0);
        assertThat(points.get(1).minimum()).isEqualTo(5.0);
        assertThat(points.get(1).maximum()).isEqualTo(50.0);

        GetMetricStatisticsResponse twoMinutes = client.getMetricStatistics(r -> r.namespace("App/Sdk")
                .metricName("Latency")
                .dimensions(stream, shard)
                .startTime(MINUTE_A.minus(10, ChronoUnit.MINUTES))
                .endTime(MINUTE_A.plus(50, ChronoUnit.MINUTES))
                .period(3600)
                .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT));
        assertThat(twoMinutes.datapoints())
                .extracting(Datapoint::sum, Datapoint::sampleCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(147.0, 10.0));

        GetMetricDataResponse data = client.getMetricData(r -> r.startTime(MINUTE_A)
                .endTime(MINUTE_B.plus(1, ChronoUnit.MINUTES))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .metricDataQueries(q -> q.id("latency")
                        .metricStat(s -> s.metric(m -> m.namespace("App/Sdk")
                                        .metricName("Latency")
                                        .dimensions(stream, shard))
                                .period(60)
                                .stat("Maximum"))));
        MetricDataResult result = data.metricDataResults().get(0);
        assertThat(result.id()).isEqualTo("latency");
        assertThat(result.timestamps()).containsExactly(MINUTE_A, MINUTE_B);
        assertThat(result.values()).containsExactly(30.0, 50.0);
        assertThat(result.statusCodeAsString()).isEqualTo("Complete");

        await().atMost(READ_TIMEOUT)
                .untilAsserted(() -> assertThat(
                                client.listMetrics(r -> r.namespace("App/Sdk")).metrics())
                        .hasSize(2));
        assertThat(client.listMetrics(r -> r.namespace("App/Sdk")
                                .dimensions(DimensionFilter.builder()
                                        .name("ShardId")
                                        .build()))
                        .metrics())
                .singleElement()
                .satisfies(metric -> assertThat(metric.dimensions()).containsExactly(shard, stream));
    }

    @Test
    void percentilesComeFromTheValuesSentOneByOne() throws Exception {
        Dimension api = Dimension.builder().name("Api").value("checkout").build();
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            values.add((double) i);
        }
        client.putMetricData(r -> r.namespace("App/Percentiles")
                .metricData(
                        MetricDatum.builder()
                                .metricName("Latency")
                                .dimensions(api)
                                .timestamp(MINUTE_A.plusSeconds(3))
                                .values(values)
                                .unit(StandardUnit.MILLISECONDS)
                                .build(),
                        // A statistic set carries no distribution: the percentiles ignore it.
                        MetricDatum.builder()
                                .metricName("Latency")
                                .dimensions(api)
                                .timestamp(MINUTE_A.plusSeconds(4))
                                .statisticValues(s ->
                                        s.sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0))
                                .unit(StandardUnit.MILLISECONDS)
                                .build()));
        Datapoint point = await().atMost(READ_TIMEOUT)
                .until(
                        () -> client.getMetricStatistics(r -> r.namespace("App/Percentiles")
                                        .metricName("Latency")
                                        .dimensions(api)
                                        .startTime(MINUTE_A)
                                        .endTime(MINUTE_B)
                                        .period(60)
                                        .extendedStatistics("p50", "p90", "p99.9"))
                                .datapoints(),
                        points -> !points.isEmpty())
                .get(0);
        // Of 1..100 at rank q(n-1): p50 is 50, p90 is 90, p99.9 is 99; the sketch answers within 1%.
        assertThat(point.extendedStatistics()).containsOnlyKeys("p50", "p90", "p99.9");
        assertThat(point.extendedStatistics().get("p50")).isCloseTo(50.0, within(0.5));
        assertThat(point.extendedStatistics().get("p90")).isCloseTo(90.0, within(0.9));
        assertThat(point.extendedStatistics().get("p99.9")).isCloseTo(99.0, within(1.0));
        assertThat(point.sum()).isNull();

        MetricDataResult p99 = client.getMetricData(r -> r.startTime(MINUTE_A)
                        .endTime(MINUTE_B)
                        .metricDataQueries(q -> q.id("p99")
                                .metricStat(m -> m.metric(x -> x.namespace("App/Percentiles")
                                                .metricName("Latency")
                                                .dimensions(api))
                                        .period(60)
                                        .stat("p99"))))
                .metricDataResults()
                .get(0);
        assertThat(p99.values())
                .singleElement()
                .satisfies(value -> assertThat(value).isCloseTo(99.0, within(1.0)));

        JsonNode cli = JSON.readTree(cli(
                "get-metric-statistics",
                "--namespace",
                "App/Percentiles",
                "--metric-name",
                "Latency",
                "--dimensions",
                "Name=Api,Value=checkout",
                "--start-time",
                MINUTE_A.toString(),
                "--end-time",
                MINUTE_B.toString(),
                "--period",
                "60",
                "--extended-statistics",
                "p90"));
        assertThat(cli.path("Datapoints")
                        .path(0)
                        .path("ExtendedStatistics")
                        .path("p90")
                        .asDouble())
                .isCloseTo(90.0, within(0.9));

        assertThatThrownBy(() -> client.getMetricStatistics(r -> r.namespace("App/Percentiles")
                        .metricName("Latency")
                        .startTime(MINUTE_A)
                        .endTime(MINUTE_B)
                        .period(60)
                        .extendedStatistics("p101")))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> client.getMetricStatistics(r -> r.namespace("App/Percentiles")
                        .metricName("Latency")
                        .startTime(MINUTE_A)
                        .endTime(MINUTE_B)
                        .period(60)
                        .statistics(Statistic.SUM)
                        .extendedStatistics("p50")))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
    }

    @Test
    void sdkSeesAwsErrorsForWhatAwsRefuses() {
        List<MetricDatum> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(datum("M" + i, Instant.now(), i));
        }
        assertThatThrownBy(() ->
                        client.putMetricData(r -> r.namespace("App/Errors").metricData(tooMany)))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode())
                            .as(e.getMessage())
                            .isEqualTo("InvalidParameterValue");
                    assertThat(e.getMessage()).contains("MetricData must not have a size greater than 1000");
                });
        assertThatThrownBy(() ->
                        client.putMetricData(r -> r.namespace("AWS/Kinesis").metricData(datum("M", Instant.now(), 1))))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> client.putMetricData(r -> r.namespace("App/Errors")
                        .metricData(MetricDatum.builder()
                                .metricName("M")
                                .value(1.0)
                                .statisticValues(s ->
                                        s.sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0))
                                .build())))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
        assertThatThrownBy(() -> client.getMetricStatistics(r -> r.namespace("App/Errors")
                        .metricName("M")
                        .startTime(MINUTE_A)
                        .endTime(MINUTE_B)
                        .period(61)
                        .statistics(Statistic.SUM)))
                .isInstanceOfSatisfying(
                        CloudWatchException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }

    @Test
    void json10RequestsWriteAndReadAsTheSdkDoes() throws Exception {
        long t = MINUTE_A.getEpochSecond();
        HttpResponse<String> put = json(
                "PutMetricData",
                "{\"Namespace\":\"App/Json\",\"MetricData\":[{\"MetricName\":\"Bytes\",\"Timestamp\":" + (t + 1)
                        + ",\"Value\":4,\"Unit\":\"Bytes\"},{\"MetricName\":\"Bytes\",\"Timestamp\":" + (t + 2)
                        + ".5,\"Value\":6,\"Unit\":\"Bytes\"}]}");
        assertThat(put.statusCode()).isEqualTo(200);
        String query = "{\"Namespace\":\"App/Json\",\"MetricName\":\"Bytes\",\"StartTime\":" + t + ",\"EndTime\":"
                + (t + 60) + ",\"Period\":60,\"Statistics\":[\"Sum\",\"Average\"]}";
        JsonNode datapoint = await().atMost(READ_TIMEOUT)
                .until(
                        () -> JSON.readTree(json("GetMetricStatistics", query).body())
                                .path("Datapoints")
                                .path(0),
                        node -> node.path("Sum").asDouble() == 10.0);
        assertThat(datapoint.path("Average").asDouble()).isEqualTo(5.0);
        assertThat(datapoint.path("Timestamp").asDouble()).isEqualTo((double) t);
        assertThat(datapoint.has("Maximum")).isFalse();

        HttpResponse<String> unknown = json("DescribeNothing", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<String> missing = json("PutMetricData", "{\"MetricData\":[]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("__type").asText())
                .isEqualTo("MissingRequiredParameterException");
        assertThat(missing.headers().firstValue("x-amzn-query-error")).hasValue("MissingParameter;Sender");
    }

    @Test
    void malformedRpcV2CborIsASerializationErrorInCbor() throws Exception {
        HttpResponse<byte[]> response = rpcV2("ListMetrics", new byte[] {(byte) 0xbf, 0x61});
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("smithy-protocol")).hasValue("rpc-v2-cbor");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/cbor");
        assertThat(CBOR.readTree(response.body()).path("__type").asText()).isEqualTo("SerializationException");

        HttpResponse<byte[]> unknown = rpcV2("Nothing", CBOR.writeValueAsBytes(Map.of()));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(CBOR.readTree(unknown.body()).path("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void awsCliV2SpeaksTheQueryProtocol() throws Exception {
        for (Instant at : List.of(MINUTE_A, MINUTE_A.plusSeconds(20))) {
            String value = at.equals(MINUTE_A) ? "3" : "5";
            assertThat(cli(
                            "put-metric-data",
                            "--namespace",
                            "App/Cli",
                            "--metric-name",
                            "Requests",
                            "--value",
                            value,
                            "--timestamp",
                            at.toString(),
                            "--dimensions",
                            "Host=a"))
                    .isEmpty();
        }
        String at = MINUTE_A.toString();
        JsonNode statistics = await().atMost(READ_TIMEOUT)
                .until(
                        () -> JSON.readTree(cli(
                                "get-metric-statistics",
                                "--namespace",
                                "App/Cli",
                                "--metric-name",
                                "Requests",
                                "--dimensions",
                                "Name=Host,Value=a",
                                "--start-time",
                                at,
                                "--end-time",
                                MINUTE_B.toString(),
                                "--period",
                                "60",
                                "--statistics",
                                "Sum",
                                "Maximum")),
                        node -> node.path("Datapoints").path(0).path("Sum").asDouble() == 8.0);
        assertThat(statistics.path("Datapoints").path(0).path("Maximum").asDouble())
                .isEqualTo(5.0);
        JsonNode metrics = JSON.readTree(cli("list-metrics", "--namespace", "App/Cli"));
        assertThat(metrics.path("Metrics")
                        .path(0)
                        .path("Dimensions")
                        .path(0)
                        .path("Name")
                        .asText())
                .isEqualTo("Host");

        Process refused = cliProcess("put-metric-data", "--namespace", "AWS/EC2", "--metric-name", "M", "--value", "1");
        String error = new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isNotZero();
        assertThat(error).contains("InvalidParameterValue");
    }

    /**
     * boto3 (botocore 1.43 speaks Smithy RPC v2 CBOR to CloudWatch): high-resolution datapoints read back per second,
     * and AWS's error code for a namespace of AWS's own.
     */
    @Test
    void boto3WritesHighResolutionDatapointsAndReadsThemPerSecond() throws Exception {
        String script = String.join(
                "\n",
                "import boto3, datetime, json, sys, time",
                "from botocore.exceptions import ClientError",
                "cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',",
                "    aws_access_key_id='test', aws_secret_access_key='test')",
                "t = datetime.datetime.fromtimestamp(int(sys.argv[2]), datetime.timezone.utc)",
                "second = datetime.timedelta(seconds=1)",
                "cw.put_metric_data(Namespace='App/Boto', MetricData=[",
                "    {'MetricName': 'Hits', 'Timestamp': t, 'Value': 2, 'StorageResolution': 1},",
                "    {'MetricName': 'Hits', 'Timestamp': t, 'Value': 4, 'StorageResolution': 1},",
                "    {'MetricName': 'Hits', 'Timestamp': t + second, 'Value': 8, 'StorageResolution': 1}])",
                "points = []",
                "for _ in range(120):",
                "    points = cw.get_metric_statistics(Namespace='App/Boto', MetricName='Hits', StartTime=t,",
                "        EndTime=t + 2 * second, Period=1, Statistics=['Sum', 'SampleCount'])['Datapoints']",
                "    if sum(p['SampleCount'] for p in points) == 3: break",
                "    time.sleep(0.5)",
                "try:",
                "    cw.put_metric_data(Namespace='AWS/Kinesis', MetricData=[{'MetricName': 'M', 'Value': 1}])",
                "    code = None",
                "except ClientError as e:",
                "    code = e.response['Error']['Code']",
                "print(json.dumps({'points': sorted([[int(p['Timestamp'].timestamp()), p['Sum'], p['SampleCount']]",
                "    for p in points]), 'error': code}))");
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Process process = new ProcessBuilder(
                        "python3", "-c", script, endpoint().toString(), String.valueOf(second.getEpochSecond()))
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        JsonNode result = JSON.readTree(out);
        long t = second.getEpochSecond();
        assertThat(result.path("points").toString()).isEqualTo("[[" + t + ",6.0,2.0],[" + (t + 1) + ",8.0,1.0]]");
        assertThat(result.path("error").asText()).isEqualTo("InvalidParameterValue");
    }

    private static String cli(String... args) throws Exception {
        return AwsCliV2.cloudwatch(endpoint(), args);
    }

    private static Process cliProcess(String... args) throws Exception {
        return AwsCliV2.start(endpoint(), args);
    }

    private static HttpResponse<byte[]> rpcV2(String operation, byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                endpoint().resolve("/service/GraniteServiceVersion20100801/operation/" + operation))
                        .header("smithy-protocol", "rpc-v2-cbor")
                        .header("Content-Type", "application/cbor")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> json(String action, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(endpoint())
                        .header("X-Amz-Target", "GraniteServiceVersion20100801." + action)
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static MetricDatum datum(String name, Instant at, double value, Dimension... dimensions) {
        return MetricDatum.builder()
                .metricName(name)
                .timestamp(at)
                .value(value)
                .unit(StandardUnit.MILLISECONDS)
                .dimensions(dimensions)
                .build();
    }
}
