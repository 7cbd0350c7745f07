package io.millrace.launcher;

import static io.millrace.launcher.UpScenarios.client;
import static io.millrace.launcher.UpScenarios.options;
import static io.millrace.launcher.UpScenarios.readShard;
import static io.millrace.launcher.UpScenarios.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.launcher.net.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** {@code ./millrace up} killed with {@code kill -9} under load and restarted on the same data directory. */
class MillraceUpCrashIT {

    @TempDir
    Path work;

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
                MillraceProcess.up(work.resolve("first.err"), options(work, port, "--shard-limits", "off"))) {
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
                MillraceProcess.up(work.resolve("second.err"), options(work, port, "--shard-limits", "off"))) {
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
}
