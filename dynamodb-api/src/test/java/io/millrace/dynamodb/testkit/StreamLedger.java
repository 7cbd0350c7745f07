package io.millrace.dynamodb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * What a test wrote to a stream and what its KCL application processed. Each record's data is
 * {@code <key>#<n>}, {@code n} counting the records of that partition key: a key's records must be processed in
 * the order they were written, which across a reshard means a parent shard's records before its children's. It
 * also knows the last sequence number written to each shard, which is the checkpoint a lease must end on.
 */
public final class StreamLedger {

    private final int keys;
    /** Records written per key (refused ones fail the test). */
    private final Map<String, Integer> written = new LinkedHashMap<>();

    private int total;
    private final Map<String, BigInteger> lastSequenceNumbers = new HashMap<>();
    /** Every processed record's data, in processing order, over every worker run. */
    private final List<String> processed = new ArrayList<>();

    public StreamLedger(int keys) {
        this.keys = keys;
    }

    /** Writes {@code count} records spread over the ledger's keys with PutRecords; none may be refused. */
    public void put(KinesisAsyncClient kinesis, String stream, int count) throws Exception {
        for (int start = 0; start < count; start += 100) {
            List<String> data = new ArrayList<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(start + 100, count); i++) {
                String value = nextValue();
                data.add(value);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(value.substring(0, value.indexOf('#')))
                        .data(SdkBytes.fromString(value, StandardCharsets.UTF_8))
                        .build());
            }
            List<PutRecordsResultEntry> results = kinesis.putRecords(
                            r -> r.streamName(stream).records(entries))
                    .get(30, TimeUnit.SECONDS)
                    .records();
            for (int i = 0; i < results.size(); i++) {
                PutRecordsResultEntry result = results.get(i);
                assertThat(result.errorCode())
                        .as("PutRecords entry %s", data.get(i))
                        .isNull();
                synchronized (this) {
                    lastSequenceNumbers.merge(
                            result.shardId(), new BigInteger(result.sequenceNumber()), BigInteger::max);
                }
            }
        }
    }

    private synchronized String nextValue() {
        String key = "key-" + total++ % keys;
        return key + "#" + (written.merge(key, 1, Integer::sum) - 1);
    }

    /** Called by the record processor for each record it is given. */
    public synchronized void processed(ByteBuffer data) {
        processed.add(StandardCharsets.UTF_8.decode(data).toString());
    }

    public synchronized int processedCount() {
        return processed.size();
    }

    private synchronized int writtenCount() {
        return written.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Waits until as many records were processed as were written. */
    public void awaitAllProcessed(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> processedCount() >= writtenCount());
    }

    /** Every record written was processed exactly once, and each key's records in the order they were written. */
    public synchronized void assertEachProcessedOnceInKeyOrder() {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (String data : processed) {
            int hash = data.indexOf('#');
            byKey.computeIfAbsent(data.substring(0, hash), k -> new ArrayList<>())
                    .add(Integer.parseInt(data.substring(hash + 1)));
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(written.keySet());
        written.forEach((key, count) -> {
            List<Integer> expected = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                expected.add(n);
            }
            assertThat(byKey.get(key))
                    .as("records of %s, in processing order", key)
                    .isEqualTo(expected);
        });
    }

    /** The highest sequence number written to each shard. */
    public synchronized Map<String, BigInteger> lastSequenceNumbers() {
        return Map.copyOf(lastSequenceNumbers);
    }
}
