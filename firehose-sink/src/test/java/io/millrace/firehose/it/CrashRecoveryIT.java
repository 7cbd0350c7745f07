package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.BackupKeys;
import io.millrace.firehose.config.DeliveryKeys;
import io.millrace.firehose.config.DestinationKeys;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A Connect worker JVM killed with SIGKILL in the middle of a delivery, then started again: every record ends up
 * exactly once in each output it belongs to (destination, backup, error output): the restarted task cuts where the
 * killed one cut and rewrites objects under the same keys, replacing those written before the crash.
 */
class CrashRecoveryIT {
    private static final int RECORD_BYTES = 64 * 1024;
    /** 16 records of 64 KiB fill a 1 MiB buffer exactly. */
    private static final int RECORDS_PER_OBJECT = 16;

    private final TestStack stack = TestStack.get();

    @Test
    void killedWorkerRestartsWithoutLossOrDuplicates() throws Exception {
        String stream = TestStack.unique("crash");
        String topic = TestStack.unique("crash");
        String bucket = TestStack.unique("crash");
        String backupBucket = TestStack.unique("crash-backup");
        String connector = TestStack.unique("crash");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        stack.createBucket(backupBucket);

        Path dir = Files.createDirectories(stack.workDir().resolve(connector));
        Map<String, String> worker = stack.workerProperties(dir.resolve("offsets"), "1000");
        // A killed member must leave the group quickly for the restarted worker to get the partition.
        worker.put("consumer.session.timeout.ms", "6000");
        worker.put("consumer.heartbeat.interval.ms", "1000");
        Path workerFile = write(dir.resolve("worker.properties"), worker);
        Map<String, String> config = new HashMap<>(stack.connectorConfig(stream, topic, bucket));
        config.put("name", connector);
        config.put(DestinationKeys.BUFFERING_SIZE_MB, "1");
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "900");
        config.put(DeliveryKeys.BUFFER_DIRECTORY, dir.resolve("buffers").toString());
        config.put(BackupKeys.S3_BACKUP_MODE, "Enabled");
        config.put(BackupKeys.S3_BACKUP_BUCKET, backupBucket);
        config.put(BackupKeys.S3_BACKUP_BUFFERING_SIZE_MB, "1");
        config.put(BackupKeys.S3_BACKUP_BUFFERING_INTERVAL_SECONDS, "900");
        Path connectorFile = write(dir.resolve("connector.properties"), config);

        for (int i = 0; i < 5 * RECORDS_PER_OBJECT; i++) {
            produce(topic, i);
        }
        Process first = startWorker(workerFile, connectorFile, dir.resolve("worker-1.log"));
        try {
            // Kill as soon as two whole objects are readable, before the commit they trigger is likely done.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        try {
                            return recordsPerIndex(bucket, "2").size() >= 2 * RECORDS_PER_OBJECT;
                        } catch (NoSuchKeyException | AssertionError e) {
                            return false;
                        }
                    });
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        var committed = stack.committedOffsets(connector).get(new TopicPartition(topic, 0));
        System.out.printf(
                "Killed with %d objects written and offset %s committed%n",
                stack.keys(bucket, "2").size(), committed == null ? "none" : committed.offset());

        for (int i = 5 * RECORDS_PER_OBJECT; i < 10 * RECORDS_PER_OBJECT; i++) {
            produce(topic, i);
        }
        Process second = startWorker(workerFile, connectorFile, dir.resolve("worker-2.log"));
        try {
            // Read everything once all records are there; a listing can briefly show an object still being
            // written (the store then answers NoSuchKey), which only means "not yet".
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                try {
                    return recordsPerIndex(bucket, "2").size() >= 10 * RECORDS_PER_OBJECT
                            && recordsPerIndex(backupBucket, "2").size() >= 10 * RECORDS_PER_OBJECT;
                } catch (NoSuchKeyException | AssertionError e) {
                    return false;
                }
            });
            // The worker keeps running: the final read shows whether anything is written twice or goes missing.
            Thread.sleep(1000);
            for (String b : List.of(bucket, backupBucket)) {
                List<String> keys = stack.keys(b, "2");
                Map<Integer, Integer> seen = recordsPerIndex(b, "2");
                assertThat(keys).as(b).hasSize(10);
                assertThat(seen).as(b).hasSize(10 * RECORDS_PER_OBJECT);
                assertThat(seen.values()).as(b).allMatch(n -> n == 1);
                assertThat(seen.keySet()).as(b).first().isEqualTo(0);
                assertThat(seen.keySet()).as(b).last().isEqualTo(10 * RECORDS_PER_OBJECT - 1);
            }
            // One tombstone after every tenth record, each in the error output once; the last one follows the last
            // full object, so it waits in a new segment for the 900 s interval.
            long errorLines = stack.keys(bucket, "processing-failed/").stream()
                    .mapToLong(k -> new String(stack.get(bucket, k), StandardCharsets.UTF_8)
                            .lines()
                            .count())
                    .sum();
            assertThat(errorLines).isEqualTo(10 * RECORDS_PER_OBJECT / 10 - 1);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private void produce(String topic, int index) throws Exception {
        stack.produce(topic, 0, null, null, record(index));
        if (index % 10 == 9) {
            stack.produce(topic, 0, null, null, null);
        }
    }

    /** How many times each record index appears across the objects under {@code prefix}. */
    private Map<Integer, Integer> recordsPerIndex(String bucket, String prefix) {
        Map<Integer, Integer> seen = new TreeMap<>();
        for (String key : stack.keys(bucket, prefix)) {
            ByteBuffer data = ByteBuffer.wrap(stack.get(bucket, key));
            assertThat(data.remaining()).as(key).isEqualTo(RECORDS_PER_OBJECT * RECORD_BYTES);
            while (data.hasRemaining()) {
                seen.merge(data.getInt(data.position()), 1, Integer::sum);
                data.position(data.position() + RECORD_BYTES);
            }
        }
        return seen;
    }

    private static byte[] record(int index) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES);
        b.putInt(index);
        while (b.hasRemaining()) {
            b.put((byte) ('a' + index % 26));
        }
        return b.array();
    }

    static Path write(Path file, Map<String, String> props) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }

    static Process startWorker(Path workerFile, Path connectorFile, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty(
                "millrace.test.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(
                        java,
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classpath,
                        "org.apache.kafka.connect.cli.ConnectStandalone",
                        workerFile.toString(),
                        connectorFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
