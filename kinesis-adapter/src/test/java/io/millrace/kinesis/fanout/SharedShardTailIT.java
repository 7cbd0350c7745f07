package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * Several consumers on one shard share the gateway's one reader of it: each gets every record once and in order, a
 * consumer starting with a backlog larger than the shared window catches up on a reader of its own and then joins,
 * and a consumer that stops reading holds up nobody. The broker sees one Kafka consumer per shard, counted by the
 * client ids the gateway's consumers register in JMX.
 */
class SharedShardTailIT {

    private static final String SHARD = "shardId-000000000000";
    /** A window of 256 KiB: the backlog below (600 KiB) does not fit. */
    private static final int WINDOW_BYTES = 256 * 1024;

    private static final int BACKLOG_RECORDS = 150;
    private static final int BACKLOG_RECORD_BYTES = 4 * 1024;

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of(
                KinesisConfig.SHARD_LIMITS, "off",
                KinesisConfig.SUBSCRIPTION_SECONDS, "60",
                KinesisConfig.FANOUT_WINDOW_BYTES, String.valueOf(WINDOW_BYTES)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void consumersShareOneReaderAndNeitherABacklogNorAStalledClientCostsTheOthers() throws Exception {
        KinesisClient kinesis = gateway.client(true);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "tail-" + suffix;
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        List<String> names = List.of("a-" + suffix, "b-" + suffix, "stall-" + suffix, "late-" + suffix);
        List<String> arns = new ArrayList<>();
        for (String name : names) {
            arns.add(kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name))
                    .consumer()
                    .consumerARN());
        }
        for (String arn : arns) {
            FanOutClients.awaitStatus(
                    kinesis, arn, software.amazon.awssdk.services.kinesis.model.ConsumerStatus.ACTIVE);
        }
        List<String> expected = new ArrayList<>();
        putBatch(kinesis, stream, "backlog", BACKLOG_RECORDS, BACKLOG_RECORD_BYTES, expected);

        StartingPosition latest =
                StartingPosition.builder().type(ShardIteratorType.LATEST).build();
        // A client each: a stalled subscription must not shut a connection the others read on.
        List<KinesisAsyncClient> clients = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            clients.add(FanOutClients.async(gateway, true));
        }
        try {
            FanOutClients.Recording a = new FanOutClients.Recording(clients.get(0), arns.get(0), SHARD, latest);
            FanOutClients.Recording b = new FanOutClients.Recording(clients.get(1), arns.get(1), SHARD, latest);
            FanOutClients.Recording stalled =
                    new FanOutClients.Recording(clients.get(2), arns.get(2), SHARD, latest, true);
            for (FanOutClients.Recording recording : List.of(a, b, stalled)) {
                recording.responded.get(10, TimeUnit.SECONDS);
            }
            // Three subscriptions at the tail: one reader of the shard, none of their own.
            await().atMost(Duration.ofSeconds(5)).until(() -> readers("millrace-fanout-tail-" + stream) == 1);
            for (String name : names) {
                assertThat(readers("millrace-fanout-" + name)).isZero();
            }

            // From the trim horizon, behind the window: a reader of its own until it reaches the window.
            FanOutClients.Recording late = new FanOutClients.Recording(
                    clients.get(3),
                    arns.get(3),
                    SHARD,
                    StartingPosition.builder()
                            .type(ShardIteratorType.TRIM_HORIZON)
                            .build());
            late.responded.get(10, TimeUnit.SECONDS);
            List<String> live = new ArrayList<>();
            List<Long> putAt = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                putAt.add(putOne(kinesis, stream, "live-" + i, live));
            }
            expected.addAll(live);
            await().atMost(Duration.ofSeconds(15)).until(() -> late.records().size() >= expected.size());
            assertThat(data(late.records())).containsExactlyElementsOf(expected);
            // Caught up, it reads from the shared tail: its own reader is closed.
            await().atMost(Duration.ofSeconds(5)).until(() -> readers("millrace-fanout-" + names.get(3)) == 0);
            assertThat(readers("millrace-fanout-tail-" + stream)).isEqualTo(1);
            for (FanOutClients.Recording recording : List.of(a, b, stalled)) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> recording.records().size() >= live.size());
                assertThat(data(recording.records())).containsExactlyElementsOf(live);
            }
            List<Long> sharedMillis = latencies(List.of(a, b, late), live, putAt);

            // A client that stops reading: 2 MiB in large records shut its flow-control window, while the others
            // keep receiving small records as they are put.
            stalled.pause();
            List<String> duringStall = new ArrayList<>();
            List<String> timed = new ArrayList<>();
            List<Long> timedAt = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                putBatch(kinesis, stream, "bulk-" + i, 4, 64 * 1024, duringStall);
                for (int j = 0; j < 3; j++) {
                    String data = "stalled-" + i + "-" + j;
                    timedAt.add(putOne(kinesis, stream, data, duringStall));
                    timed.add(data);
                }
            }
            List<String> all = new ArrayList<>(live);
            all.addAll(duringStall);
            for (FanOutClients.Recording recording : List.of(a, b, late)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> recording.records().size()
                                >= live.size() + duringStall.size() + (recording == late ? BACKLOG_RECORDS : 0));
            }
            List<Long> stallMillis = latencies(List.of(a, b, late), timed, timedAt);
            int stalledSoFar = stalled.records().size();
            assertThat(stalledSoFar).isLessThan(all.size());
            System.out.printf(
                    "put-to-event ms with the shared tail: %s; while a client is stalled (it has %d of %d records):"
                            + " %s%n",
                    sharedMillis, stalledSoFar, all.size(), stallMillis);
            // Nobody waits for the stalled client: a put reaches the others well within a second.
            assertThat(percentile(stallMillis, 0.5)).isLessThan(500);
            assertThat(stallMillis.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isLessThan(2_000);

            // Reading again, it gets everything once and in order (its position fell out of the window meanwhile).
            stalled.resume();
            await().atMost(Duration.ofSeconds(15)).until(() -> stalled.records().size() >= all.size());
            Thread.sleep(300);
            assertThat(data(stalled.records())).containsExactlyElementsOf(all);
            for (FanOutClients.Recording recording : List.of(a, b)) {
                assertThat(data(recording.records())).containsExactlyElementsOf(all);
            }
            List<String> lateAll = new ArrayList<>(expected);
            lateAll.addAll(duringStall);
            assertThat(data(late.records())).containsExactlyElementsOf(lateAll);
            await().atMost(Duration.ofSeconds(5)).until(() -> readers("millrace-fanout-" + names.get(2)) == 0);
            assertThat(readers("millrace-fanout-tail-" + stream)).isEqualTo(1);
            for (FanOutClients.Recording recording : List.of(a, b, stalled, late)) {
                recording.cancel();
            }
            // Its last subscriber gone, the tail stops after its linger time.
            await().atMost(Duration.ofSeconds(15)).until(() -> readers("millrace-fanout-tail-" + stream) == 0);
        } finally {
            clients.forEach(KinesisAsyncClient::close);
        }
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    /** Kafka consumers of this process whose client id starts with {@code prefix} (their app-info MBeans). */
    private static int readers(String prefix) throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("kafka.consumer:type=app-info,id=" + prefix + "*"), null)
                .size();
    }

    private static void putBatch(
            KinesisClient kinesis, String stream, String prefix, int count, int bytes, List<String> expected) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String data = prefix + "-" + i + "-" + "x".repeat(bytes);
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("k")
                    .data(SdkBytes.fromString(data, StandardCharsets.UTF_8))
                    .build());
            expected.add(data);
        }
        assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries))
                        .failedRecordCount())
                .isZero();
    }

    /** Puts one small record; answers when the put started. */
    private static long putOne(KinesisClient kinesis, String stream, String data, List<String> expected) {
        long at = System.nanoTime();
        kinesis.putRecord(
                b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
        expected.add(data);
        return at;
    }

    private static List<String> data(List<Record> records) {
        return records.stream()
                .map(r -> r.data().asString(StandardCharsets.UTF_8))
                .toList();
    }

    /** For each recording and each record in {@code data}: when its event arrived minus when it was put. */
    private static List<Long> latencies(List<FanOutClients.Recording> recordings, List<String> data, List<Long> putAt) {
        List<Long> millis = new ArrayList<>();
        for (FanOutClients.Recording recording : recordings) {
            Map<String, Long> arrived = new HashMap<>();
            List<SubscribeToShardEvent> events = recording.events;
            for (int i = 0; i < events.size(); i++) {
                for (Record record : events.get(i).records()) {
                    arrived.put(record.data().asString(StandardCharsets.UTF_8), recording.arrivalNanos.get(i));
                }
            }
            for (int i = 0; i < data.size(); i++) {
                millis.add(TimeUnit.NANOSECONDS.toMillis(arrived.get(data.get(i)) - putAt.get(i)));
            }
        }
        return millis;
    }

    private static long percentile(List<Long> values, double fraction) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(fraction * sorted.size())));
    }
}
