package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.launcher.net.Ports;
import io.millrace.testkit.AwsCli;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** What the {@code millrace up} scenarios share: options with free ports, SDK clients, puts and reads of a shard. */
final class UpScenarios {

    private UpScenarios() {}

    static void putNumbered(KinesisClient kinesis, String stream, int from, int to, Map<String, String> acknowledged) {
        for (int n = from; n < to; n++) {
            String data = "record-" + n;
            acknowledged.put(
                    kinesis.putRecord(
                                    b -> b.streamName(stream).partitionKey(data).data(SdkBytes.fromUtf8String(data)))
                            .sequenceNumber(),
                    data);
        }
    }

    /** Free ports and a data dir; shard limits stay on AWS's defaults unless {@code extra} says otherwise. */
    static String[] options(Path work, int port, String... extra) {
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

    static void readShard(KinesisClient kinesis, String stream, String shardId, Map<String, String> into) {
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

    static KinesisClient client(int port) {
        return KinesisClient.builder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static AwsCli.Result assertSucceeded(AwsCli.Result result) {
        assertThat(result.exitCode())
                .as("aws exit code; stderr: %s", result.stderr())
                .isZero();
        return result;
    }

    static void report(String what, MillraceProcess.Ready ready) {
        System.out.printf(
                "millrace up, %s: ready %d ms after spawn (%s)%n",
                what, ready.afterSpawn().toMillis(), ready.line());
    }
}
