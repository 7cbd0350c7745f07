package io.millrace.launcher;

import static io.millrace.launcher.UpScenarios.assertSucceeded;
import static io.millrace.launcher.UpScenarios.options;
import static io.millrace.launcher.UpScenarios.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.launcher.net.Ports;
import io.millrace.testkit.AwsCli;
import io.millrace.testkit.PrometheusExposition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./millrace up} end to end as a new user meets it: the packaged jar started by the script, driven by the real
 * AWS CLI v2 (streams, then a delivery stream to the S3 store), stopped by SIGTERM.
 */
class MillraceUpIT {

    @TempDir
    Path work;

    @BeforeAll
    static void awsCliV2IsInstalled() throws Exception {
        AwsCli.requireV2();
    }

    @Test
    void awsCliCreatesAStreamPutsAndReadsRecordsAndSeesValidationErrors() throws Exception {
        int port = Ports.pickFree();
        try (MillraceProcess millrace = MillraceProcess.up(work.resolve("millrace.err"), options(work, port))) {
            MillraceProcess.Ready ready = millrace.awaitReady();
            report("first start", ready);
            assertThat(ready.line())
                    .contains("kinesis http://127.0.0.1:" + port)
                    .contains("data " + work.resolve("data"));
            AwsCli aws = new AwsCli("http://127.0.0.1:" + port, work);

            assertSucceeded(aws.kinesis("create-stream", "--stream-name", "cli-demo", "--shard-count", "2"));
            assertSucceeded(aws.kinesis("wait", "stream-exists", "--stream-name", "cli-demo"));

            List<String> sequenceNumbers = new ArrayList<>();
            String shardId = null;
            for (int i = 1; i <= 3; i++) {
                JsonNode put = assertSucceeded(aws.kinesis(
                                "put-record",
                                "--stream-name",
                                "cli-demo",
                                "--partition-key",
                                "sensor-1",
                                "--data",
                                "reading-" + i,
                                "--cli-binary-format",
                                "raw-in-base64-out"))
                        .json();
                sequenceNumbers.add(put.get("SequenceNumber").asText());
                // One partition key, one shard: the three records must land together.
                assertThat(shardId == null || shardId.equals(put.get("ShardId").asText()))
                        .isTrue();
                shardId = put.get("ShardId").asText();
            }

            String iterator = assertSucceeded(aws.kinesis(
                            "get-shard-iterator",
                            "--stream-name",
                            "cli-demo",
                            "--shard-id",
                            shardId,
                            "--shard-iterator-type",
                            "TRIM_HORIZON"))
                    .json()
                    .get("ShardIterator")
                    .asText();
            JsonNode records = assertSucceeded(aws.kinesis("get-records", "--shard-iterator", iterator))
                    .json()
                    .get("Records");
            List<String> data = new ArrayList<>();
            List<String> readSequenceNumbers = new ArrayList<>();
            records.forEach(record -> {
                data.add(
                        new String(Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8));
                readSequenceNumbers.add(record.get("SequenceNumber").asText());
                assertThat(record.get("PartitionKey").asText()).isEqualTo("sensor-1");
            });
            assertThat(data).containsExactly("reading-1", "reading-2", "reading-3");
            assertThat(readSequenceNumbers).isEqualTo(sequenceNumbers);

            // CloudWatch on the same endpoint (the AWS CLI speaks its Query protocol), computed by Kafka Streams.
            String endpoint = "http://127.0.0.1:" + port;
            assertSucceeded(aws.call(
                    endpoint,
                    "cloudwatch",
                    "put-metric-data",
                    "--namespace",
                    "cli-demo",
                    "--metric-name",
                    "Readings",
                    "--value",
                    "3"));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(assertSucceeded(
                                            aws.call(endpoint, "cloudwatch", "list-metrics", "--namespace", "cli-demo"))
                                    .json()
                                    .get("Metrics"))
                            .hasSize(1));

            // DynamoDB on the same endpoint too (what a KCL application's lease table needs), with the CLI's waiter.
            assertSucceeded(aws.call(
                    endpoint,
                    "dynamodb",
                    "create-table",
                    "--table-name",
                    "cli-demo-leases",
                    "--attribute-definitions",
                    "AttributeName=leaseKey,AttributeType=S",
                    "--key-schema",
                    "AttributeName=leaseKey,KeyType=HASH",
                    "--billing-mode",
                    "PAY_PER_REQUEST"));
            assertSucceeded(aws.call(endpoint, "dynamodb", "wait", "table-exists", "--table-name", "cli-demo-leases"));
            assertSucceeded(aws.call(
                    endpoint,
                    "dynamodb",
                    "put-item",
                    "--table-name",
                    "cli-demo-leases",
                    "--item",
                    "{\"leaseKey\":{\"S\":\"" + shardId + "\"},\"checkpoint\":{\"S\":\"TRIM_HORIZON\"}}"));
            assertThat(assertSucceeded(aws.call(
                                    endpoint,
                                    "dynamodb",
                                    "get-item",
                                    "--table-name",
                                    "cli-demo-leases",
                                    "--key",
                                    "{\"leaseKey\":{\"S\":\"" + shardId + "\"}}",
                                    "--consistent-read"))
                            .json()
                            .path("Item")
                            .path("checkpoint")
                            .path("S")
                            .asText())
                    .isEqualTo("TRIM_HORIZON");

            // The console on the same port lists the stream; GET /metrics is strict Prometheus text over every
            // service the platform hosts, and counted the CLI's three PutRecord calls.
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(endpoint + "/console/streams"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("data-stream=\"cli-demo\"");
            PrometheusExposition metrics = PrometheusExposition.parse(http.send(
                            HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(metrics.value(
                            "millrace_gateway_request_duration_seconds_count",
                            Map.of("api", "Kinesis_20131202", "action", "PutRecord", "status", "200")))
                    .isEqualTo(3);

            AwsCli.Result invalid = aws.kinesis("describe-stream", "--stream-name", "not a stream name");
            assertThat(invalid.exitCode()).isNotZero();
            assertThat(invalid.stderr()).contains("ValidationException").contains("streamName");

            assertThat(millrace.terminate()).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(millrace.stderrText()).contains("Millrace stopped").doesNotContain("Exception");
            assertThat(millrace.stdoutLines()).singleElement().asString().contains("ready");
        }
    }

    @Test
    void awsCliCreatesADeliveryStreamWhoseRecordsReachTheS3Store() throws Exception {
        int port = Ports.pickFree();
        try (MillraceProcess millrace = MillraceProcess.up(work.resolve("millrace.err"), options(work, port))) {
            MillraceProcess.Ready ready = millrace.awaitReady();
            report("with Firehose", ready);
            java.util.regex.Matcher s3 =
                    java.util.regex.Pattern.compile(" s3 (http://\\S+)").matcher(ready.line());
            assertThat(s3.find()).as("s3 endpoint in the ready line").isTrue();
            assertThat(ready.line()).contains(" connect http://127.0.0.1:").contains(" flink http://127.0.0.1:");
            AwsCli aws = new AwsCli("http://127.0.0.1:" + port, work);
            // The application API shares the endpoint.
            assertThat(assertSucceeded(aws.call("http://127.0.0.1:" + port, "kinesisanalyticsv2", "list-applications"))
                            .json()
                            .get("ApplicationSummaries"))
                    .isEmpty();
            AwsCli.Result missing = aws.call(
                    "http://127.0.0.1:" + port,
                    "kinesisanalyticsv2",
                    "describe-application",
                    "--application-name",
                    "no-such-app");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.stderr()).contains("ResourceNotFoundException").contains("no-such-app");
            assertSucceeded(aws.call(s3.group(1), "s3", "mb", "s3://cli-lake"));

            // The CLI's model refuses IntervalInSeconds below 60: the size hint (1 MiB) cuts the object instead.
            assertSucceeded(aws.firehose(
                    "create-delivery-stream",
                    "--delivery-stream-name",
                    "cli-firehose",
                    "--extended-s3-destination-configuration",
                    "{\"RoleARN\":\"arn:aws:iam::000000000000:role/f\","
                            + "\"BucketARN\":\"arn:aws:s3:::cli-lake\",\"BufferingHints\":{\"SizeInMBs\":1,"
                            + "\"IntervalInSeconds\":60}}"));
            String status = "";
            for (int i = 0; i < 100 && !status.equals("ACTIVE"); i++) {
                Thread.sleep(100);
                status = assertSucceeded(
                                aws.firehose("describe-delivery-stream", "--delivery-stream-name", "cli-firehose"))
                        .json()
                        .at("/DeliveryStreamDescription/DeliveryStreamStatus")
                        .asText();
            }
            assertThat(status).isEqualTo("ACTIVE");
            JsonNode put = assertSucceeded(aws.firehose(
                            "put-record",
                            "--delivery-stream-name",
                            "cli-firehose",
                            "--record",
                            "{\"Data\":\"hello\"}",
                            "--cli-binary-format",
                            "raw-in-base64-out"))
                    .json();
            assertThat(put.get("RecordId").asText()).isNotEmpty();
            // Large blobs go through a file: one command-line argument may not exceed 128 KiB on Linux.
            String blob = Base64.getEncoder().encodeToString(new byte[700_000]);
            Path batch = java.nio.file.Files.writeString(
                    work.resolve("batch.json"),
                    "{\"DeliveryStreamName\":\"cli-firehose\",\"Records\":[{\"Data\":\"" + blob + "\"},"
                            + "{\"Data\":\"" + blob + "\"}]}");
            JsonNode batchResult = assertSucceeded(
                            aws.firehose("put-record-batch", "--cli-input-json", "file://" + batch))
                    .json();
            assertThat(batchResult.get("FailedPutCount").asInt()).isZero();
            assertThat(batchResult.get("RequestResponses")).hasSize(2);

            long size = 0;
            for (int i = 0; i < 60 && size == 0; i++) {
                Thread.sleep(500);
                JsonNode listed = aws.call(
                                s3.group(1), "s3api", "list-objects-v2", "--bucket", "cli-lake", "--prefix", "20")
                        .json();
                for (JsonNode object : listed.path("Contents")) {
                    size += object.get("Size").asLong();
                }
            }
            assertThat(size).as("bytes delivered to s3://cli-lake").isEqualTo(1_400_005);
            assertThat(millrace.terminate()).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(millrace.stderrText()).contains("Millrace stopped").doesNotContain("Exception");
        }
    }
}
