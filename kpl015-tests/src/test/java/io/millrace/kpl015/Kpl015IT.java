package io.millrace.kpl015;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesis.producer.KinesisProducer;
import com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration;
import com.amazonaws.services.kinesis.producer.UserRecordResult;
import io.millrace.gateway.audit.ApiCall;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The older Kinesis Producer Library ({@code com.amazonaws:amazon-kinesis-producer} 0.15.x, its native daemon)
 * against Millrace alone, over the gateway's HTTPS port: Kinesis, CloudWatch (its metrics, level detailed) and STS
 * (the GetCallerIdentity 0.15.x makes at start) all pointed at the gateway, with aggregation on. Every user record is
 * read back once, de-aggregated; the STS call and the metrics reached Millrace.
 */
class Kpl015IT {

    private static final String STREAM = "kpl015-orders";
    private static final int RECORDS = 500;
    private static final int KEYS = 10;

    @TempDir
    static Path dir;

    private static TlsGateway platform;

    @BeforeAll
    static void start() throws Exception {
        platform = TlsGateway.start("kpl015_it", dir);
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
    }

    @Test
    void everyRecordReadsBackOnceAndTheStsCallAndMetricsReachMillrace() throws Exception {
        Instant start = Instant.now();
        try (KinesisClient kinesis = platform.kinesisClient();
                CloudWatchClient cloudWatch = platform.cloudWatchClient()) {
            kinesis.createStream(r -> r.streamName(STREAM).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(r -> r.streamName(STREAM));

            List<String> sent;
            KinesisProducer producer = new KinesisProducer(configuration());
            try {
                sent = produce(producer);
                // Detailed metrics, per stream among others: the stream's UserRecordsPut counts every record once
                // the daemon has uploaded them (every second here; its default is a minute), so it runs on. At
                // least, not exactly: on a loaded machine one run read 30 times the records after 30 s of uploads
                // (the daemon uploading its window again, or retrying uploads it timed out), so the sum may grow.
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() ->
                                assertThat(userRecordsPut(cloudWatch, start)).isGreaterThanOrEqualTo((double) RECORDS));
            } finally {
                producer.destroy();
            }

            ReadBack back = readBack(kinesis);
            System.out.printf(
                    "KPL 0.15 over TLS: %d user records read back, in %d aggregated Kinesis records and %d single%n",
                    back.userRecords().size(), back.aggregates(), back.singles());
            assertThat(back.userRecords()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(back.aggregates()).as("aggregated Kinesis records").isPositive();

            // Only the KPL used the HTTPS port (the test's own clients use the plain one).
            List<ApiCall> overTls =
                    platform.calls().stream().filter(call -> call.tls() != null).toList();
            assertThat(overTls)
                    .as("the KPL's STS GetCallerIdentity, answered over HTTPS")
                    .anySatisfy(call -> {
                        assertThat(call.targetPrefix()).isEqualTo("AWSSecurityTokenServiceV20110615");
                        assertThat(call.action()).isEqualTo("GetCallerIdentity");
                        assertThat(call.error()).isNull();
                    });
            assertThat(overTls).extracting(ApiCall::action).contains("PutRecords", "PutMetricData");
        }
    }

    /** The user records read back as {@code partitionKey|data}, and how many Kinesis records held them. */
    private record ReadBack(List<String> userRecords, int aggregates, int singles) {}

    /** Every shard from TRIM_HORIZON to its end, the KPL's aggregates de-aggregated. */
    private static ReadBack readBack(KinesisClient kinesis) throws Exception {
        List<String> read = new ArrayList<>();
        int aggregates = 0;
        int singles = 0;
        for (Shard shard : kinesis.listShards(r -> r.streamName(STREAM)).shards()) {
            String iterator = kinesis.getShardIterator(r -> r.streamName(STREAM)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            GetRecordsResponse page;
            do {
                String current = iterator;
                page = kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
                for (Record record : page.records()) {
                    List<KplRecords.UserRecord> users =
                            KplRecords.deaggregate(record.data().asByteArray());
                    if (users == null) {
                        singles++;
                        read.add(record.partitionKey() + "|" + record.data().asUtf8String());
                    } else {
                        aggregates++;
                        users.forEach(user -> read.add(user.partitionKey() + "|" + user.data()));
                    }
                }
                iterator = page.nextShardIterator();
            } while (!page.records().isEmpty() || page.millisBehindLatest() > 0);
        }
        return new ReadBack(read, aggregates, singles);
    }

    /**
     * Writes the records as {@code partitionKey|data}, answers them once the KPL reports each one put. One record
     * first, awaited, so that the daemon has its shard map before the rest: it aggregates only records whose shard
     * it knows.
     */
    private static List<String> produce(KinesisProducer producer) throws Exception {
        List<String> sent = new ArrayList<>();
        List<Future<UserRecordResult>> results = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String key = "key-" + (i % KEYS);
            String data = "kpl015-" + i;
            sent.add(key + "|" + data);
            results.add(producer.addUserRecord(STREAM, key, ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))));
            if (i == 0) {
                results.get(0).get(30, TimeUnit.SECONDS);
            }
        }
        producer.flushSync();
        // The attempts (error code and message) of each record not put, so that one failure names them all.
        List<String> failed = new ArrayList<>();
        for (Future<UserRecordResult> result : results) {
            UserRecordResult outcome = result.get(30, TimeUnit.SECONDS);
            if (!outcome.isSuccessful()) {
                failed.add(outcome.getAttempts().stream()
                        .map(a -> a.getErrorCode() + " " + a.getErrorMessage())
                        .toList()
                        .toString());
            }
        }
        assertThat(failed).as("attempts of records the KPL could not put").isEmpty();
        return sent;
    }

    private static KinesisProducerConfiguration configuration() throws Exception {
        return new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setCredentialsProvider(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test")))
                // Host names only: the daemon adds https:// itself.
                .setKinesisEndpoint("localhost")
                .setKinesisPort(platform.tlsPort())
                .setCloudwatchEndpoint("localhost")
                .setCloudwatchPort(platform.tlsPort())
                .setStsEndpoint("localhost")
                .setStsPort(platform.tlsPort())
                .setVerifyCertificate(true)
                .setCaCertPath(caDirectory().toString())
                .setAggregationEnabled(true)
                .setMetricsLevel("detailed")
                .setMetricsUploadDelay(1_000)
                .setLogLevel("warning")
                .setTempDirectory(Files.createDirectories(dir.resolve("kpl")).toString())
                .setRecordMaxBufferedTime(100)
                .setRequestTimeout(10_000);
    }

    /**
     * 0.15.x takes a directory of CA certificates, not a file: OpenSSL's hashed directory ({@code <subject
     * hash>.0}, as the KPL's own bundled {@code cacerts/}), made with {@code openssl rehash} from the local CA's
     * ca.pem, so that the daemon checks the gateway's certificate.
     */
    private static Path caDirectory() throws Exception {
        Path cas = Files.createDirectories(dir.resolve("kpl-ca"));
        Files.copy(platform.caCertificate(), cas.resolve("millrace-ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        Process rehash = new ProcessBuilder("openssl", "rehash", cas.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(rehash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rehash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(rehash.exitValue()).as("openssl rehash: %s", out).isZero();
        return cas;
    }

    /** The sum of the stream's UserRecordsPut (dimension StreamName alone) since the test began. */
    private static double userRecordsPut(CloudWatchClient cloudWatch, Instant since) {
        return cloudWatch
                .getMetricStatistics(r -> r.namespace("KinesisProducerLibrary")
                        .metricName("UserRecordsPut")
                        .dimensions(Dimension.builder()
                                .name("StreamName")
                                .value(STREAM)
                                .build())
                        .startTime(since.minusSeconds(60))
                        .endTime(Instant.now().plusSeconds(60))
                        .period(60)
                        .statistics(Statistic.SUM))
                .datapoints()
                .stream()
                .mapToDouble(d -> d.sum())
                .sum();
    }
}
