package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Producers and consumers of one stream during a fault, as the AWS SDK v2 runs them from the client host: one writer
 * puts numbered records through the gateways in turn (a load balancer's round robin), one reader per shard reads
 * them back while they are written. The SDK's own retries are off, so every HTTP attempt is counted: a record is
 * acknowledged once, or its failure is seen. Then {@link #assertExactlyOnceInOrder} checks what users rely on.
 */
final class StreamTraffic implements AutoCloseable {

    private final String stream;
    private final int keys;
    private final Duration pause;
    private final List<KinesisClient> gateways;
    private final KinesisClient readerClient;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final Map<String, List<Record>> read = new ConcurrentHashMap<>();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    StreamTraffic(String stream, List<String> gatewayUrls) {
        this(stream, gatewayUrls, 8, Duration.ofMillis(5));
    }

    /**
     * Traffic over {@code keys} partition keys, the writer resting {@code pause} after each put. With as many keys
     * as gateways or a multiple of it, each key always goes through the same gateway; an odd count sends each key
     * through the gateways in turn, so its order across gateways is what the checks test.
     */
    StreamTraffic(String stream, List<String> gatewayUrls, int keys, Duration pause) {
        this.stream = stream;
        this.keys = keys;
        this.pause = pause;
        this.gateways = gatewayUrls.stream().map(StreamTraffic::client).toList();
        this.readerClient = client(gatewayUrls.get(gatewayUrls.size() - 1));
    }

    /** A client of one gateway, as for AWS but with its retries off. */
    static KinesisClient client(String url) {
        return builder(url)
                .httpClient(UrlConnectionHttpClient.builder()
                        // A load balancer's health check would drop a silent gateway within seconds: so does the
                        // client, which then tries the next gateway with its next record.
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static software.amazon.awssdk.services.kinesis.KinesisClientBuilder builder(String url) {
        return KinesisClient.builder()
                .endpointOverride(URI.create(url))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLUSTER", "s")));
    }

    /**
     * A client for setting up and checking on a test (create a stream, reshard it, describe it): the SDK's standard
     * retries and a minute to answer, since a loaded machine can take longer than the traffic clients wait.
     */
    static KinesisClient patientClient(String url) {
        return builder(url)
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    KinesisClient gateway(int index) {
        return gateways.get(index);
    }

    /** Starts the writer and one reader per shard the stream has now. */
    void start() {
        threads.add(startThread("traffic-writer", this::write));
        for (Shard shard : readerClient.listShards(b -> b.streamName(stream)).shards()) {
            read.put(shard.shardId(), new CopyOnWriteArrayList<>());
            threads.add(startThread("traffic-reader-" + shard.shardId(), () -> readShard(shard.shardId())));
        }
    }

    private void write() {
        for (int n = 0; writing.get(); n++) {
            int gateway = n % gateways.size();
            KinesisClient via = gateways.get(gateway);
            String key = "key-" + (n % keys);
            long started = System.nanoTime();
            long sentAtMillis = System.currentTimeMillis();
            try {
                int number = n;
                PutRecordResponse response = via.putRecord(
                        b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(key + ":" + number)));
                acks.add(new Ack(
                        n,
                        key,
                        response.shardId(),
                        response.sequenceNumber(),
                        started,
                        System.nanoTime(),
                        gateway,
                        sentAtMillis,
                        System.currentTimeMillis()));
            } catch (RuntimeException e) {
                failures.add(new Failure(n, Retriable.describe(e), Retriable.is(e), started, System.nanoTime()));
                pause(100);
            }
            pause(pause.toMillis());
        }
    }

    /** Polls the shard from its start; after an error, resumes after the last record read, as the KCL does. */
    private void readShard(String shardId) {
        List<Record> records = read.get(shardId);
        String iterator = null;
        while (reading.get()) {
            try {
                if (iterator == null) {
                    String after = records.isEmpty()
                            ? null
                            : records.get(records.size() - 1).sequenceNumber();
                    iterator = readerClient
                            .getShardIterator(b -> b.streamName(stream)
                                    .shardId(shardId)
                                    .shardIteratorType(
                                            after == null
                                                    ? ShardIteratorType.TRIM_HORIZON
                                                    : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                    .startingSequenceNumber(after))
                            .shardIterator();
                }
                String current = iterator;
                GetRecordsResponse response = readerClient.getRecords(b -> b.shardIterator(current));
                records.addAll(response.records());
                iterator = response.nextShardIterator();
                if (iterator == null) {
                    return; // a closed parent shard, read to its end
                }
                if (response.records().isEmpty()) {
                    pause(200);
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(-1, "read " + shardId + ": " + Retriable.describe(e), Retriable.is(e), 0, 0));
                iterator = null;
                pause(200);
            }
        }
    }

    /**
     * Stops writing, then reads until every acknowledged record is in or {@code timeout} passes; shards made by a
     * reshard since {@link #start} get readers of their own.
     */
    void stopAndDrain(Duration timeout) throws InterruptedException {
        writing.set(false);
        threads.get(0).join();
        for (Shard shard : readerClient.listShards(b -> b.streamName(stream)).shards()) {
            if (read.putIfAbsent(shard.shardId(), new CopyOnWriteArrayList<>()) == null) {
                threads.add(startThread("traffic-reader-" + shard.shardId(), () -> readShard(shard.shardId())));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && readCount() < acks.size()) {
            Thread.sleep(200);
        }
        reading.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    private int readCount() {
        return read.values().stream().mapToInt(List::size).sum();
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Waits for {@code count} acknowledgements in all, at most 90 s. */
    void awaitAcks(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (acks.size() < count) {
            assertThat(System.nanoTime())
                    .as("%d acknowledgements within 90 s; failures: %s", count, failures)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Acknowledgements so far, for waiting on traffic before and after a fault. */
    int ackCount() {
        return acks.size();
    }

    /**
     * Every acknowledged record read exactly once, in its shard at its sequence number; no record read twice; per
     * shard in sequence-number order; acknowledged records of a partition key in the order they were written,
     * whichever gateway took them; and
     * every failure one an AWS client retries.
     */
    void assertExactlyOnceInOrder() {
        assertThat(failures)
                .as("errors clients saw")
                .allSatisfy(f ->
                        assertThat(f.retriable()).as("retriable: %s", f.what()).isTrue());
        Map<String, Record> byData = new HashMap<>();
        Map<String, String> shardOf = new HashMap<>();
        java.util.Set<Integer> acknowledged = new java.util.HashSet<>();
        acks.forEach(ack -> acknowledged.add(ack.number()));
        for (Map.Entry<String, List<Record>> shard : read.entrySet()) {
            java.math.BigInteger previous = java.math.BigInteger.valueOf(-1);
            Map<String, Integer> lastPerKey = new HashMap<>();
            for (Record record : shard.getValue()) {
                String data = record.data().asUtf8String();
                assertThat(byData.put(data, record))
                        .as("record %s read twice", data)
                        .isNull();
                shardOf.put(data, shard.getKey());
                java.math.BigInteger sequence = new java.math.BigInteger(record.sequenceNumber());
                assertThat(sequence).as("sequence order in %s", shard.getKey()).isGreaterThan(previous);
                previous = sequence;
                int number = Integer.parseInt(data.substring(data.indexOf(':') + 1));
                if (!acknowledged.contains(number)) {
                    // A write whose client gave up (a time-out) may still land, later than records written after
                    // it: the order promise is for acknowledged records, as on AWS.
                    continue;
                }
                Integer last = lastPerKey.put(record.partitionKey(), number);
                if (last != null) {
                    assertThat(number)
                            .as("order of key %s", record.partitionKey())
                            .isGreaterThan(last);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Ack ack : acks) {
            Record record = byData.get(ack.key() + ":" + ack.number());
            if (record == null) {
                missing.add(ack.key() + ":" + ack.number());
                continue;
            }
            assertThat(record.sequenceNumber())
                    .as("sequence number of %s", ack.number())
                    .isEqualTo(ack.sequence());
            assertThat(shardOf.get(ack.key() + ":" + ack.number())).isEqualTo(ack.shardId());
        }
        assertThat(missing).as("acknowledged records never read").isEmpty();
    }

    /**
     * A partition key's acknowledged records in order across a reshard: every one a parent shard holds was written
     * before every one its children hold (readers read a parent to its end before its children, as the KCL does).
     */
    void assertKeyOrderAcrossLineage() {
        assertThat(keyOrderInversionsAcrossLineage())
                .as("acknowledged records of a key in a child before one in its parent")
                .isEmpty();
    }

    /**
     * What {@link #assertKeyOrderAcrossLineage} holds to, as a list of the records out of order: a key's
     * acknowledged record in a child shard that was written before one of the same key in the child's parent.
     */
    List<String> keyOrderInversionsAcrossLineage() {
        List<String> inversions = new ArrayList<>();
        Map<String, Shard> shards = new HashMap<>();
        readerClient.listShards(b -> b.streamName(stream)).shards().forEach(s -> shards.put(s.shardId(), s));
        java.util.Set<Integer> acknowledged = new java.util.HashSet<>();
        acks.forEach(ack -> acknowledged.add(ack.number()));
        for (Shard child : shards.values()) {
            for (String parent : java.util.Arrays.asList(child.parentShardId(), child.adjacentParentShardId())) {
                if (parent == null || !read.containsKey(parent)) {
                    continue;
                }
                Map<String, Integer> lastInParent = new HashMap<>();
                for (Record record : read.get(parent)) {
                    int number = number(record);
                    if (acknowledged.contains(number)) {
                        lastInParent.merge(record.partitionKey(), number, Math::max);
                    }
                }
                for (Record record : read.getOrDefault(child.shardId(), List.of())) {
                    int number = number(record);
                    Integer last = lastInParent.get(record.partitionKey());
                    if (acknowledged.contains(number) && last != null && number < last) {
                        inversions.add(String.format(
                                "key %s: %d in child %s, %d in parent %s",
                                record.partitionKey(), number, child.shardId(), last, parent));
                    }
                }
            }
        }
        return inversions;
    }

    /**
     * How far ahead of the client host's clock gateway {@code gateway}'s wall clock was at each acknowledged put
     * through it that was read back: a record's ApproximateArrivalTimestamp is the gateway's clock when the put
     * arrived (its Instant.now()), and the client's clock puts that moment between sending and the answer, so the
     * offset is the arrival time less the middle of the two (within half a round trip).
     */
    List<ArrivalOffset> arrivalOffsets(int gateway) {
        Map<String, Record> byData = new HashMap<>();
        read.values()
                .forEach(records -> records.forEach(r -> byData.put(r.data().asUtf8String(), r)));
        List<ArrivalOffset> offsets = new ArrayList<>();
        for (Ack ack : acks) {
            Record record = byData.get(ack.key() + ":" + ack.number());
            if (ack.gateway() == gateway && record != null) {
                long middle = (ack.sentAtMillis() + ack.answeredAtMillis()) / 2;
                offsets.add(new ArrivalOffset(
                        ack.sentAtMillis(),
                        ack.answeredAtMillis(),
                        record.approximateArrivalTimestamp().toEpochMilli() - middle));
            }
        }
        return offsets;
    }

    private static int number(Record record) {
        String data = record.data().asUtf8String();
        return Integer.parseInt(data.substring(data.indexOf(':') + 1));
    }

    /**
     * How long writes were away after {@code faultNanos}: until the first acknowledgement after the last failure
     * (or, with no failure, the longest wait between two acknowledgements).
     */
    Duration writeRecovery(long faultNanos) {
        long lastFailure = failures.stream()
                .filter(f -> f.number() >= 0 && f.endNanos() > faultNanos)
                .mapToLong(Failure::endNanos)
                .max()
                .orElse(faultNanos);
        long recovered = acks.stream()
                .filter(a -> a.startNanos() >= lastFailure)
                .mapToLong(Ack::endNanos)
                .min()
                .orElse(Long.MAX_VALUE);
        long gap = 0;
        long previous = faultNanos;
        for (Ack ack : acks) {
            if (ack.endNanos() > faultNanos) {
                gap = Math.max(gap, ack.endNanos() - previous);
                previous = ack.endNanos();
            }
        }
        return Duration.ofNanos(Math.max(recovered - faultNanos, gap));
    }

    String summary(long faultNanos) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        // Request ids differ on every failure: the kind is the exception, its status and message.
        failures.forEach(f -> kinds.merge(f.what().replaceAll(" \\(Service: .*", ""), 1, Integer::sum));
        return acks.size() + " acknowledged, " + readCount() + " read, " + failures.size() + " failures " + kinds
                + ", writes back after " + writeRecovery(faultNanos).toMillis() + " ms";
    }

    private static Thread startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        writing.set(false);
        reading.set(false);
        gateways.forEach(KinesisClient::close);
        readerClient.close();
    }

    /** An acknowledged put: through which gateway, and when on the client's clocks (monotonic and wall). */
    record Ack(
            int number,
            String key,
            String shardId,
            String sequence,
            long startNanos,
            long endNanos,
            int gateway,
            long sentAtMillis,
            long answeredAtMillis) {}

    /** A put's arrival on its gateway's clock less the client's clock, with the put's send and answer times. */
    record ArrivalOffset(long sentAtMillis, long answeredAtMillis, long offsetMillis) {}

    record Failure(int number, String what, boolean retriable, long startNanos, long endNanos) {}
}
