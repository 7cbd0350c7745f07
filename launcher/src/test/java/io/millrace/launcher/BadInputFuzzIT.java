package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.millrace.launcher.fuzz.ApiModel;
import io.millrace.launcher.fuzz.BadInputs;
import io.millrace.launcher.net.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;

/**
 * Bad input, kept as a test: thousands of malformed, oversize and wrong-typed bodies, headers and encodings sent
 * to every action of every API the endpoint serves (and those AWS defines that it does not), JSON and CBOR, against
 * {@code ./millrace up}. Every answer must be an AWS-shaped 4xx or a success, never a 5xx or a hang; afterwards the
 * process still serves valid traffic and every record acknowledged before and during the run is still there. The
 * inputs come from a seeded generator ({@code -Dfuzz.seed=N} replays a run).
 */
class BadInputFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Over the endpoint's 16 MiB body limit. */
    private static final int OVERSIZE = 17 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    @TempDir
    Path work;

    private record Plan(ApiModel model, int perAction) {}

    private record Failure(String what, int status, String body) {}

    @Test
    void noMalformedRequestGetsA5xxOrAHangAndNothingAcknowledgedIsLost() throws Exception {
        List<Plan> plans = List.of(
                new Plan(ApiModel.of("kinesis", "Kinesis_20131202", "1.1", true, KinesisClient.class), 40),
                new Plan(ApiModel.of("firehose", "Firehose_20150804", "1.1", false, FirehoseClient.class), 40),
                new Plan(
                        ApiModel.of(
                                "kinesisanalyticsv2",
                                "KinesisAnalytics_20180523",
                                "1.1",
                                false,
                                KinesisAnalyticsV2Client.class),
                        25),
                // Glue defines hundreds of actions; Millrace serves the catalog subset. A few inputs each.
                new Plan(ApiModel.of("glue", "AWSGlue", "1.1", false, GlueClient.class), 3));
        int port = Ports.pickFree();
        try (MillraceProcess millrace = MillraceProcess.up(
                        work.resolve("millrace.err"),
                        "--data-dir",
                        work.resolve("data").toString(),
                        "--port",
                        String.valueOf(port),
                        "--kafka-port",
                        String.valueOf(Ports.pickFree()),
                        "--controller-port",
                        String.valueOf(Ports.pickFree()),
                        "--s3-port",
                        "0",
                        "--connect-port",
                        "0",
                        "--flink-port",
                        "0",
                        "--shard-limits",
                        "off");
                KinesisClient kinesis = kinesis(port)) {
            millrace.awaitReady();
            kinesis.createStream(b -> b.streamName("fuzz-canary").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("fuzz-canary"));
            Map<String, String> acknowledged = new LinkedHashMap<>();
            put(kinesis, "before", 50, acknowledged);

            URI endpoint = URI.create("http://127.0.0.1:" + port + "/");
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sent = new AtomicInteger();
            long started = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (Plan plan : plans) {
                    for (ApiModel.Action action : plan.model().actions()) {
                        long seed = SEED ^ (plan.model().service() + "." + action.name()).hashCode();
                        work.add(senders.submit(() -> {
                            BadInputs inputs = new BadInputs(seed, plan.model());
                            for (int i = 0; i < plan.perAction(); i++) {
                                BadInputs.Input input = inputs.next(action);
                                send(
                                        http,
                                        endpoint,
                                        input.headers(),
                                        input.body(),
                                        plan.model().service() + "." + action.name() + " " + input.kind() + " #" + i
                                                + " (seed " + seed + ")",
                                        failures);
                                sent.incrementAndGet();
                            }
                        }));
                    }
                    work.add(senders.submit(() -> {
                        String target = plan.model().targetPrefix() + "."
                                + plan.model().actions().get(0).name();
                        send(
                                http,
                                endpoint,
                                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target),
                                new byte[OVERSIZE],
                                plan.model().service() + " 17 MiB body",
                                failures);
                        sent.incrementAndGet();
                    }));
                }
                // Meanwhile, valid writes keep being acknowledged.
                work.add(senders.submit(() -> put(kinesis, "during", 200, acknowledged)));
                for (Future<?> future : work) {
                    future.get(15, TimeUnit.MINUTES);
                }
            } finally {
                senders.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "bad-input fuzz: %,d requests in %.1f s (%.0f/s), seed %d, %d failures%n",
                    sent.get(), seconds, sent.get() / seconds, SEED, failures.size());

            assertThat(failures.size())
                    .as(
                            "answers that were 5xx, hung or not AWS-shaped; the first ones: %s",
                            failures.subList(0, Math.min(40, failures.size())))
                    .isZero();
            put(kinesis, "after", 50, acknowledged);
            assertThat(readAll(kinesis, "fuzz-canary")).containsAllEntriesOf(acknowledged);
            assertThat(millrace.terminate()).isEqualTo(143);
        }
    }

    private static void send(
            HttpClient http,
            URI endpoint,
            Map<String, String> headers,
            byte[] body,
            String what,
            List<Failure> failures) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            String problem = problem(status, response);
            if (problem != null) {
                failures.add(new Failure(what + ": " + problem, status, preview(response.body())));
            }
        } catch (java.net.http.HttpTimeoutException e) {
            failures.add(new Failure(what + ": no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", -1, ""));
        } catch (java.io.IOException e) {
            // The server may close a connection on a body it will not read whole (the 17 MiB one): not a failure
            // unless it also stops answering, which the valid traffic after the run checks.
            if (body.length < OVERSIZE) {
                failures.add(new Failure(what + ": connection failed: " + e, -1, ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why an answer is wrong, or null. */
    private static String problem(int status, HttpResponse<byte[]> response) {
        if (status >= 500) {
            return "a " + status;
        }
        if (status < 400 || status == 413) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            JsonNode error = type.contains("cbor") ? CBOR.readTree(response.body()) : JSON.readTree(response.body());
            return error != null && error.hasNonNull("__type") ? null : "a " + status + " without __type";
        } catch (java.io.IOException e) {
            return "a " + status + " whose body is not " + (type.contains("cbor") ? "CBOR" : "JSON");
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    private static void put(KinesisClient kinesis, String prefix, int count, Map<String, String> acknowledged) {
        for (int n = 0; n < count; n++) {
            String data = prefix + "-" + n;
            String sequence = kinesis.putRecord(
                            b -> b.streamName("fuzz-canary").partitionKey(data).data(SdkBytes.fromUtf8String(data)))
                    .sequenceNumber();
            acknowledged.put(sequence, data);
        }
    }

    private static Map<String, String> readAll(KinesisClient kinesis, String stream) {
        Map<String, String> read = new LinkedHashMap<>();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current));
            page.records().forEach(r -> read.put(r.sequenceNumber(), r.data().asUtf8String()));
            if (page.records().isEmpty() && page.millisBehindLatest() == 0) {
                break;
            }
            iterator = page.nextShardIterator();
        }
        return read;
    }

    private static KinesisClient kinesis(int port) {
        return KinesisClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
