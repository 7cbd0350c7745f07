package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.launcher.net.Ports;
import io.millrace.testkit.AwsCli;
import io.millrace.testkit.PrometheusExposition;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * {@code ./millrace up} end to end: the packaged jar started by the script, driven by the real AWS CLI v2 and the AWS
 * SDK for Java v2, stopped by SIGTERM and by {@code kill -9}.
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
        try (MillraceProcess millrace = MillraceProcess.up(work.resolve("millrace.err"), options(port))) {
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
        try (MillraceProcess millrace = MillraceProcess.up(work.resolve("millrace.err"), options(port))) {
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

    /**
     * {@code kill -9} while four producers have puts in flight and right after UpdateShardCount began a reshard
     * (between its two metadata steps): after a restart every acknowledged record is there exactly once, and the
     * reshard the dead process began is finished. A fifth client makes management calls up to the kill: every call
     * it had an answer to is in the audit trail after the restart (each event is written before its answer).
     */
    @Test
    void everyAcknowledgedRecordSurvivesKillDashNineMidReshardAndARestart() throws Exception {
        int port = Ports.pickFree();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        // Shard limits off: the read-back below polls faster than AWS's 5 GetRecords calls per shard and second.
        try (MillraceProcess millrace =
                MillraceProcess.up(work.resolve("first.err"), options(port, "--shard-limits", "off"))) {
            report("first start", millrace.awaitReady());
            ExecutorService producers = Executors.newFixedThreadPool(5);
            try (KinesisClient kinesis = client(port)) {
                kinesis.createStream(b -> b.streamName("durable").shardCount(2));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName("durable"));
                AtomicBoolean stop = new AtomicBoolean();
                for (int p = 0; p < 4; p++) {
                    int producer = p;
                    producers.submit(() -> produce(port, producer, stop, acknowledged, failed));
                }
                producers.submit(() -> describe(port, stop, answered));
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 400);
                assertThat(kinesis.updateShardCount(b -> b.streamName("durable")
                                        .targetShardCount(4)
                                        .scalingType(ScalingType.UNIFORM_SCALING))
                                .currentShardCount())
                        .isEqualTo(2);
                millrace.kill9();
                stop.set(true);
            } finally {
                producers.shutdown();
                assertThat(producers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(400);
        assertThat(failed.get()).as("puts cut off by the kill").isPositive();

        try (MillraceProcess restarted =
                MillraceProcess.up(work.resolve("second.err"), options(port, "--shard-limits", "off"))) {
            report("restart after kill -9", restarted.awaitReady());
            Map<String, String> read = new LinkedHashMap<>();
            try (KinesisClient kinesis = client(port)) {
                // The restarted process finishes the reshard the dead one began: 4 open shards, parents closed.
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> kinesis.describeStreamSummary(b -> b.streamName("durable"))
                                        .streamDescriptionSummary()
                                        .streamStatus()
                                == StreamStatus.ACTIVE);
                List<Shard> shards =
                        kinesis.listShards(b -> b.streamName("durable")).shards();
                assertThat(shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null))
                        .hasSize(4);
                for (Shard shard : shards) {
                    readShard(kinesis, "durable", shard.shardId(), read);
                }
                assertThat(kinesis.putRecord(b -> b.streamName("durable")
                                        .partitionKey("after")
                                        .data(SdkBytes.fromUtf8String("after")))
                                .sequenceNumber())
                        .isNotBlank();
            }
            assertThat(read).containsAllEntriesOf(acknowledged);
            // Each record was put once: read back once at most (unacknowledged ones may or may not have landed).
            assertThat(read.values()).doesNotHaveDuplicates();
            assertThat(answered).isNotEmpty();
            assertThat(auditedRequestIds(port, "DescribeStreamSummary")).containsAll(answered);
            assertThat(restarted.terminate()).isEqualTo(143);
        }
    }

    /**
     * Gateways are stateless: a second {@code millrace up} on the first one's Kafka, S3 store, Connect worker and
     * Flink cluster starts none of them, sees the same streams, and the two agree on the shard map across a reshard
     * while one producer alternates between them.
     */
    @Test
    void aSecondProcessOnTheFirstsServicesSharesEveryStream() throws Exception {
        int port = Ports.pickFree();
        int kafkaPort = Ports.pickFree();
        int s3Port = Ports.pickFree();
        int connectPort = Ports.pickFree();
        int flinkPort = Ports.pickFree();
        int secondPort = Ports.pickFree();
        try (MillraceProcess first = MillraceProcess.up(
                work.resolve("first.err"),
                "--data-dir",
                work.resolve("data").toString(),
                "--port",
                String.valueOf(port),
                "--kafka-port",
                String.valueOf(kafkaPort),
                "--controller-port",
                String.valueOf(Ports.pickFree()),
                "--s3-port",
                String.valueOf(s3Port),
                "--connect-port",
                String.valueOf(connectPort),
                "--flink-port",
                String.valueOf(flinkPort),
                "--shard-limits",
                "off")) {
            report("first process", first.awaitReady());
            Path secondData = work.resolve("second-data");
            try (MillraceProcess second = MillraceProcess.up(
                    work.resolve("second.err"),
                    "--data-dir",
                    secondData.toString(),
                    "--port",
                    String.valueOf(secondPort),
                    "--bootstrap-servers",
                    "127.0.0.1:" + kafkaPort,
                    "--s3-endpoint",
                    "http://127.0.0.1:" + s3Port,
                    "--connect-url",
                    "http://127.0.0.1:" + connectPort,
                    "--flink-rest-url",
                    "http://127.0.0.1:" + flinkPort,
                    "--shard-limits",
                    "off")) {
                MillraceProcess.Ready ready = second.awaitReady();
                report("second process", ready);
                assertThat(ready.line())
                        .contains("kafka 127.0.0.1:" + kafkaPort)
                        .contains("(external)");
                assertThat(secondData.resolve("kafka")).doesNotExist();

                try (KinesisClient one = client(port);
                        KinesisClient two = client(secondPort)) {
                    one.createStream(b -> b.streamName("shared").shardCount(2));
                    one.waiter().waitUntilStreamExists(b -> b.streamName("shared"));
                    assertThat(two.listStreams(b -> {}).streamNames()).contains("shared");
                    Map<String, String> acknowledged = new LinkedHashMap<>();
                    for (int n = 0; n < 300; n++) {
                        if (n == 100) {
                            two.splitShard(b -> b.streamName("shared")
                                    .shardToSplit("shardId-000000000000")
                                    .newStartingHashKey(
                                            BigInteger.ONE.shiftLeft(126).toString()));
                        }
                        String data = "record-" + n;
                        String key = "key-" + (n % 7);
                        KinesisClient via = n % 2 == 0 ? one : two;
                        acknowledged.put(
                                via.putRecord(b -> b.streamName("shared")
                                                .partitionKey(key)
                                                .data(SdkBytes.fromUtf8String(data)))
                                        .sequenceNumber(),
                                data);
                    }
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> one.describeStreamSummary(b -> b.streamName("shared"))
                                            .streamDescriptionSummary()
                                            .streamStatus()
                                    == StreamStatus.ACTIVE);
                    List<Shard> shards =
                            one.listShards(b -> b.streamName("shared")).shards();
                    assertThat(shards).hasSize(4);
                    assertThat(two.listShards(b -> b.streamName("shared")).shards())
                            .isEqualTo(shards);
                    Map<String, String> read = new LinkedHashMap<>();
                    for (Shard shard : shards) {
                        readShard(two, "shared", shard.shardId(), read);
                    }
                    assertThat(read).isEqualTo(acknowledged);
                    // Read parents before children (shards are listed in that order): each key's records in the
                    // order they were put, though its writes alternated between the two processes.
                    Map<Integer, Integer> lastPerKey = new HashMap<>();
                    for (String data : read.values()) {
                        int n = Integer.parseInt(data.substring("record-".length()));
                        Integer previous = lastPerKey.put(n % 7, n);
                        assertThat(previous == null || previous < n)
                                .as("order of key-%d at %s", n % 7, data)
                                .isTrue();
                    }
                }
                assertThat(second.terminate()).isEqualTo(143);
            }
            assertThat(first.terminate()).isEqualTo(143);
        }
    }

    /**
     * A second {@code millrace up} on a data directory in use (other ports) is refused before it opens anything: one
     * line naming the directory and the holder's PID, exit code 1. The first keeps serving every record.
     */
    @Test
    void aSecondProcessOnALiveDataDirectoryIsRefusedAndTheFirstKeepsServing() throws Exception {
        int port = Ports.pickFree();
        try (MillraceProcess first = MillraceProcess.up(work.resolve("first.err"), options(port))) {
            report("data directory owner", first.awaitReady());
            Map<String, String> acknowledged = new LinkedHashMap<>();
            try (KinesisClient kinesis = client(port)) {
                kinesis.createStream(b -> b.streamName("guarded").shardCount(1));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName("guarded"));
                putNumbered(kinesis, "guarded", 0, 50, acknowledged);

                Path secondErr = work.resolve("second.err");
                long spawned = System.nanoTime();
                try (MillraceProcess second = MillraceProcess.up(secondErr, options(Ports.pickFree()))) {
                    assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                    System.out.printf(
                            "millrace up on a live data directory: refused %d ms after spawn%n",
                            Duration.ofNanos(System.nanoTime() - spawned).toMillis());
                    assertThat(second.stderrText().lines().filter(line -> !line.isBlank()))
                            .containsExactly("millrace: data directory "
                                    + work.resolve("data").toAbsolutePath()
                                    + " is in use by process " + first.pid()
                                    + "; stop that process or give another --data-dir");
                    assertThat(second.stdoutLines()).isEmpty();
                }

                putNumbered(kinesis, "guarded", 50, 100, acknowledged);
                Map<String, String> read = new LinkedHashMap<>();
                readShard(kinesis, "guarded", "shardId-000000000000", read);
                assertThat(read).isEqualTo(acknowledged);
            }
            assertThat(first.terminate()).isEqualTo(143);
            assertThat(first.stderrText()).doesNotContain("Exception");
        }
    }

    private static void putNumbered(
            KinesisClient kinesis, String stream, int from, int to, Map<String, String> acknowledged) {
        for (int n = from; n < to; n++) {
            String data = "record-" + n;
            acknowledged.put(
                    kinesis.putRecord(
                                    b -> b.streamName(stream).partitionKey(data).data(SdkBytes.fromUtf8String(data)))
                            .sequenceNumber(),
                    data);
        }
    }

    /** PutRecords of 20 until stopped or cut off; records what was acknowledged (sequence number to data). */
    private static Void produce(
            int port, int producer, AtomicBoolean stop, Map<String, String> acknowledged, AtomicInteger failed) {
        try (KinesisClient kinesis = client(port)) {
            for (int batch = 0; !stop.get(); batch++) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String data = "p" + producer + "-" + batch + "-" + i;
                    entries.add(PutRecordsRequestEntry.builder()
                            .partitionKey(data)
                            .data(SdkBytes.fromUtf8String(data))
                            .build());
                }
                try {
                    PutRecordsResponse response =
                            kinesis.putRecords(b -> b.streamName("durable").records(entries));
                    for (int i = 0; i < entries.size(); i++) {
                        PutRecordsResultEntry result = response.records().get(i);
                        if (result.errorCode() == null) {
                            acknowledged.put(
                                    result.sequenceNumber(),
                                    entries.get(i).data().asUtf8String());
                        }
                    }
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    return null;
                }
            }
        }
        return null;
    }

    /** DescribeStreamSummary until stopped or cut off; records the request id of every call answered. */
    private static Void describe(int port, AtomicBoolean stop, Set<String> answered) {
        try (KinesisClient kinesis = client(port)) {
            while (!stop.get()) {
                answered.add(kinesis.describeStreamSummary(b -> b.streamName("durable"))
                        .responseMetadata()
                        .requestId());
                // A few dozen calls a second: the trail is read back page by page after the restart.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        } catch (RuntimeException e) {
            // The kill cut the call off: it was never answered.
        }
        return null;
    }

    /** The request ids of every {@code eventName} event LookupEvents lists, page after page. */
    private static Set<String> auditedRequestIds(int port, String eventName) throws Exception {
        Set<String> ids = new HashSet<>();
        try (CloudTrailClient cloudTrail = CloudTrailClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            cloudTrail
                    .lookupEventsPaginator(b -> b.lookupAttributes(
                            a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue(eventName)))
                    .events()
                    .forEach(event -> ids.add(requestId(event.cloudTrailEvent())));
        }
        return ids;
    }

    private static String requestId(String cloudTrailEvent) {
        try {
            return new ObjectMapper()
                    .readTree(cloudTrailEvent)
                    .path("requestID")
                    .asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Free ports and a data dir; shard limits stay on AWS's defaults unless {@code extra} says otherwise. */
    private String[] options(int port, String... extra) {
        int kafkaPort = Ports.pickFree();
        int controllerPort = Ports.pickFree();
        Set<Integer> distinct = new HashSet<>(List.of(port, kafkaPort, controllerPort));
        assertThat(distinct).hasSize(3);
        List<String> options = new ArrayList<>(List.of(
                "--data-dir",
                work.resolve("data").toString(),
                "--port",
                String.valueOf(port),
                "--kafka-port",
                String.valueOf(kafkaPort),
                "--controller-port",
                String.valueOf(controllerPort),
                "--s3-port",
                "0",
                "--connect-port",
                "0",
                "--flink-port",
                "0"));
        options.addAll(List.of(extra));
        return options.toArray(String[]::new);
    }

    private static void readShard(KinesisClient kinesis, String stream, String shardId, Map<String, String> into) {
        String iterator = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page =
                    kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
            for (Record record : page.records()) {
                assertThat(into.put(record.sequenceNumber(), record.data().asUtf8String()))
                        .as("sequence number %s read twice", record.sequenceNumber())
                        .isNull();
            }
            if (page.records().isEmpty() && page.millisBehindLatest() == 0) {
                return;
            }
            iterator = page.nextShardIterator();
        }
    }

    private static KinesisClient client(int port) {
        return KinesisClient.builder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static AwsCli.Result assertSucceeded(AwsCli.Result result) {
        assertThat(result.exitCode())
                .as("aws exit code; stderr: %s", result.stderr())
                .isZero();
        return result;
    }

    private static void report(String what, MillraceProcess.Ready ready) {
        System.out.printf(
                "millrace up, %s: ready %d ms after spawn (%s)%n",
                what, ready.afterSpawn().toMillis(), ready.line());
    }
}
