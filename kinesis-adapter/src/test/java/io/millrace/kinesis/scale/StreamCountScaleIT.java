package io.millrace.kinesis.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.StreamSummary;

/**
 * A simulation of a cluster with many streams, for the capacity model (docs/capacity.md), not a test of the
 * default suite: run with {@code -Pscale} (see the module README). On a broker of its own, a gateway creates
 * {@code scale.streams} streams of one shard (10,000 by default) through CreateStream, {@code scale.threads} clients
 * at a time, and waits until every one is ACTIVE; then the metadata topic's records and bytes are read from the
 * broker, and a new gateway on the same cluster is started {@code scale.restarts} times, each timed from its start
 * until ListStreams has listed every stream through it. What it asserts is what users rely on: a gateway started on
 * the cluster serves every stream. The figures go to stdout and {@code target/scale/streams.txt}.
 */
class StreamCountScaleIT {

    private static final int STREAMS = Integer.getInteger("scale.streams", 10_000);
    private static final int THREADS = Integer.getInteger("scale.threads", 8);
    private static final int RESTARTS = Integer.getInteger("scale.restarts", 3);
    private static final String METADATA_TOPIC = "__scale_metadata";

    @Test
    void aGatewayStartedOnTheClusterServesEveryStream() throws Exception {
        List<String> report = new ArrayList<>();
        report.add(String.format(
                Locale.ROOT,
                "%d streams of 1 shard, %d client threads, %d cores, load average %.1f at start",
                STREAMS,
                THREADS,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("auto.create.topics.enable", "false"))) {
            Map<String, String> settings = Map.of(
                    KinesisConfig.BOOTSTRAP_SERVERS,
                    kafka.bootstrapServers(),
                    KinesisConfig.SHARD_LIMITS,
                    "off",
                    KinesisConfig.METADATA_TOPIC,
                    METADATA_TOPIC,
                    // AWS's default open-shard quota is 500; a cluster of this many streams has it raised.
                    KinesisConfig.ACCOUNT_SHARD_LIMIT,
                    String.valueOf(STREAMS + 100));

            long createStart = System.nanoTime();
            try (TestGateway creator = TestGateway.start(settings);
                    KinesisClient kinesis = creator.client(true)) {
                createAll(kinesis);
                long created = System.nanoTime();
                awaitAllActive(kinesis);
                long active = System.nanoTime();
                report.add(String.format(
                        Locale.ROOT,
                        "CreateStream x %d: %.1f s (%.0f calls/s); all ACTIVE after %.1f s",
                        STREAMS,
                        seconds(created - createStart),
                        STREAMS / seconds(created - createStart),
                        seconds(active - createStart)));
            }
            report.add(metadataTopic(kafka.bootstrapServers()));

            for (int i = 1; i <= RESTARTS; i++) {
                System.gc();
                long heapBefore = usedHeap();
                long start = System.nanoTime();
                try (TestGateway gateway = TestGateway.start(settings);
                        KinesisClient kinesis = gateway.client(true)) {
                    long started = System.nanoTime();
                    List<StreamSummary> listed = listAll(kinesis);
                    long listedAt = System.nanoTime();
                    assertThat(listed).hasSize(STREAMS);
                    assertThat(listed)
                            .allSatisfy(s -> assertThat(s.streamStatus()).isEqualTo(StreamStatus.ACTIVE));
                    System.gc();
                    long heapAfter = usedHeap();
                    report.add(String.format(
                            Locale.ROOT,
                            "gateway start #%d: serving after %.2f s, every stream listed after %.2f s;"
                                    + " heap retained by the gateway about %.1f MiB (%.0f bytes per stream)",
                            i,
                            seconds(started - start),
                            seconds(listedAt - start),
                            (heapAfter - heapBefore) / 1048576.0,
                            (heapAfter - heapBefore) / (double) STREAMS));
                }
            }
        } finally {
            report.forEach(System.out::println);
            Path out = Path.of("target", "scale", "streams.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        }
    }

    private static void createAll(KinesisClient kinesis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int i = first; i < STREAMS; i += THREADS) {
                        String name = name(i);
                        kinesis.createStream(b -> b.streamName(name).shardCount(1));
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get(2, TimeUnit.HOURS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitAllActive(KinesisClient kinesis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (listAll(kinesis).stream().allMatch(s -> s.streamStatus() == StreamStatus.ACTIVE)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not every stream became ACTIVE within an hour");
    }

    /** ListStreams page after page, 1,000 a page (AWS's most is 10,000). */
    private static List<StreamSummary> listAll(KinesisClient kinesis) {
        List<StreamSummary> all = new ArrayList<>();
        kinesis.listStreamsPaginator(b -> b.limit(1000)).forEach(page -> all.addAll(page.streamSummaries()));
        return all;
    }

    /** Records (end offset) and bytes on disk of the metadata topic's one partition. */
    private static String metadataTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicPartition partition = new TopicPartition(METADATA_TOPIC, 0);
            long records = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get()
                    .offset();
            long bytes = 0;
            List<Integer> brokers = admin.describeCluster().nodes().get().stream()
                    .map(node -> node.id())
                    .toList();
            Map<Integer, Map<String, LogDirDescription>> dirs =
                    admin.describeLogDirs(brokers).allDescriptions().get();
            for (Map<String, LogDirDescription> broker : dirs.values()) {
                for (LogDirDescription dir : broker.values()) {
                    ReplicaInfo replica = dir.replicaInfos().get(partition);
                    if (replica != null) {
                        bytes += replica.size();
                    }
                }
            }
            return String.format(
                    Locale.ROOT,
                    "metadata topic %s: %d records, %.2f MiB on disk (%.0f bytes per stream), before compaction",
                    METADATA_TOPIC,
                    records,
                    bytes / 1048576.0,
                    bytes / (double) STREAMS);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "scale-%05d", i);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
