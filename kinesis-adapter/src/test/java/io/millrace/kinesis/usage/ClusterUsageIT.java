package io.millrace.kinesis.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Two gateways on one broker sharing their per-shard usage (every 100 ms here): a writer alternating between them
 * at 1.5 times a shard's write quota is held to the quota, though each gateway sees only 0.75 times it; an
 * ON_DEMAND shard hot only across both gateways together is split.
 */
class ClusterUsageIT {

    private static final long MIB = 1024 * 1024;
    private static final double INTERVAL_SECONDS = 0.1;
    /** Publishing interval plus a generous propagation delay on a busy shared 2-core machine. */
    private static final double LATE_SECONDS = INTERVAL_SECONDS + 0.9;

    private static final Duration RUN = Duration.ofSeconds(10);

    private static final int RECORD_BYTES = 10_000;
    private static final String PARTITION_KEY = "hot";

    private static TestGateway first;
    private static TestGateway second;

    @BeforeAll
    static void startTwoGateways() {
        Map<String, String> config = Map.of(
                KinesisConfig.SHARD_LIMITS, "aws",
                KinesisConfig.CLUSTER_USAGE_INTERVAL_MS, "100",
                // ON_DEMAND: hot from 5% of a shard (50 records/s) held for 2 s, so no test needs 1,000 records/s.
                KinesisConfig.ON_DEMAND_SPLIT_THRESHOLD, "0.05",
                KinesisConfig.ON_DEMAND_HOT_SECONDS, "2");
        first = TestGateway.start(config);
        second = TestGateway.start(config);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aShardTakesItsWriteQuotaAcrossGatewaysNotTwiceIt() throws Exception {
        KinesisClient[] clients = {first.client(true), second.client(false)};
        String stream = "cluster-quota-" + UUID.randomUUID().toString().substring(0, 8);
        clients[0].createStream(b -> b.streamName(stream).shardCount(1));
        awaitActive(clients[1], stream);
        clients[1].enableEnhancedMonitoring(
                b -> b.streamName(stream).shardLevelMetrics(MetricsName.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED));

        // Below the quota (0.86 MiB/s in all, 9 records of 10,000 bytes every 100 ms, through each gateway in
        // turn), nothing is refused: neither gateway counts its own usage twice, nor the other's early.
        List<Call> below = writeAlternately(clients, stream, RECORD_BYTES, 90, false, Duration.ofSeconds(3));
        assertThat(below.stream().mapToInt(Call::refused).sum()).isZero();

        // 1.5 MiB/s in all (data plus partition key, as AWS counts them), half through each gateway: 0.75 MiB/s
        // each, which either gateway alone admits whole. Calls catch up with the rate when the machine is slow.
        List<Call> calls = writeAlternately(clients, stream, RECORD_BYTES, 1.5 * MIB / RECORD_BYTES, true, RUN);
        double seconds = calls.get(calls.size() - 1).endSeconds();
        long total = calls.stream().mapToLong(Call::acceptedBytes).sum();
        int refused = calls.stream().mapToInt(Call::refused).sum();
        assertThat(refused).isPositive();
        // Any T seconds: at most R*T + B + (N-1)*(B + R*d) for N = 2 gateways, R = B = 1 MiB (see the README).
        assertThat(total).isLessThanOrEqualTo((long) (MIB * (seconds + 1 + 1 + LATE_SECONDS)));

        // Each gateway counts the records it refused in its own WriteProvisionedThroughputExceeded.
        long firstCount = refusedCount(first, stream);
        long secondCount = refusedCount(second, stream);
        assertThat(firstCount).isPositive();
        assertThat(secondCount).isPositive();
        assertThat(firstCount + secondCount).isEqualTo(refused);
        clients[0].deleteStream(b -> b.streamName(stream));
    }

    @Test
    void anOnDemandShardHotOnlyAcrossBothGatewaysIsSplit() throws Exception {
        KinesisClient[] clients = {first.client(true), second.client(true)};
        String stream = "cluster-on-demand-" + UUID.randomUUID().toString().substring(0, 8);
        clients[0].createStream(b -> b.streamName(stream).streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND)));
        awaitActive(clients[1], stream);
        assertThat(shardCount(clients[0], stream)).isEqualTo(4);
        // 80 records/s of 10 bytes to the one shard the key maps to, alternately through each gateway: 40 records/s
        // each, below the 50 that make a shard hot.
        List<Call> calls = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(15).toNanos();
        while (shardCount(clients[0], stream) == 4 && System.nanoTime() < deadline) {
            calls.addAll(writeAlternately(clients, stream, 10, 80, true, Duration.ofSeconds(1)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int g = 0; g < 2; g++) {
            int gateway = g;
            long records = calls.stream()
                    .filter(call -> call.gateway() == gateway)
                    .mapToLong(Call::records)
                    .sum();
            assertThat(records / seconds).as("records/s through gateway %d", g).isLessThan(50);
        }
        awaitActive(clients[0], stream);
        assertThat(shardCount(clients[0], stream)).isEqualTo(6);
        clients[0].deleteStream(b -> b.streamName(stream));
    }

    /** One PutRecords call: through which gateway, when (seconds from the run's start), and what became of it. */
    private record Call(
            int gateway, double startSeconds, double endSeconds, int records, long acceptedBytes, int refused) {}

    /**
     * Puts records of {@code recordBytes} with one partition key (the stream's first shard, or one hot shard) through
     * each gateway in turn, every 100 ms a tenth of {@code recordsPerSecond}, or with {@code catchUp} as many as keep
     * the run at that rate since its start (a slow call makes the next one larger, so a busy machine does not lower
     * the rate).
     */
    private static List<Call> writeAlternately(
            KinesisClient[] clients,
            String stream,
            int recordBytes,
            double recordsPerSecond,
            boolean catchUp,
            Duration duration)
            throws Exception {
        List<Call> calls = new ArrayList<>();
        long start = System.nanoTime();
        long sent = 0;
        for (int tick = 0; ; tick++) {
            sleepUntil(start + tick * 100_000_000L);
            double startSeconds = (System.nanoTime() - start) / 1e9;
            if (startSeconds >= duration.toNanos() / 1e9) {
                return calls;
            }
            int count = catchUp
                    ? (int) Math.min(500, Math.ceil(recordsPerSecond * (startSeconds + 0.1)) - sent)
                    : (int) Math.round(recordsPerSecond / 10);
            if (count <= 0) {
                continue;
            }
            sent += count;
            List<PutRecordsRequestEntry> batch = IntStream.range(0, count)
                    .mapToObj(i -> PutRecordsRequestEntry.builder()
                            .partitionKey(PARTITION_KEY)
                            .data(SdkBytes.fromByteArray(new byte[recordBytes - PARTITION_KEY.length()]))
                            .build())
                    .toList();
            int gateway = tick % 2;
            PutRecordsResponse response =
                    clients[gateway].putRecords(b -> b.streamName(stream).records(batch));
            int refused = 0;
            for (PutRecordsResultEntry result : response.records()) {
                if (result.errorCode() != null) {
                    assertThat(result.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                    assertThat(result.errorMessage())
                            .isEqualTo("Rate exceeded for shard shardId-000000000000 in stream " + stream
                                    + " under account 000000000000.");
                    refused++;
                }
            }
            calls.add(new Call(
                    gateway,
                    startSeconds,
                    (System.nanoTime() - start) / 1e9,
                    count,
                    (long) (count - refused) * recordBytes,
                    refused));
        }
    }

    private static int shardCount(KinesisClient client, String stream) {
        return client.listShards(b -> b.streamName(stream)).shards().size();
    }

    private static void awaitActive(KinesisClient client, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (client.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        != StreamStatus.ACTIVE
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static long refusedCount(TestGateway gateway, String stream) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(gateway.endpoint().resolve("/metrics"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String series = "millrace_kinesis_shard_write_throughput_exceeded_total{stream=\"" + stream
                + "\",shard=\"shardId-000000000000\"} ";
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\d+)$").matcher(text);
        assertThat(matcher.find()).as("series %s in%n%s", series, text).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
