package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.kinesis.testkit.TestIterators;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The data plane through the AWS SDK for Java v2, CBOR on and off. */
class RecordsIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static SdkBytes bytes(String text) {
        return SdkBytes.fromString(text, StandardCharsets.UTF_8);
    }

    /** The shard a key must land on, computed independently of the gateway: MD5 as an unsigned 128-bit number. */
    private static String expectedShard(List<Shard> shards, String partitionKey) throws Exception {
        BigInteger hash = new BigInteger(
                1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        for (Shard shard : shards) {
            BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
            if (hash.compareTo(start) >= 0 && hash.compareTo(end) <= 0) {
                return shard.shardId();
            }
        }
        throw new AssertionError("no shard owns " + hash);
    }

    private static List<Record> readAll(KinesisClient kinesis, String stream, String shardId) {
        String iterator = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 50 && iterator != null; i++) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void putRecordRoutesByMd5AndReadsBackInOrder(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("records");
        kinesis.createStream(b -> b.streamName(stream).shardCount(4));
        List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();

        Map<String, List<String>> sentByShard = new HashMap<>();
        Map<String, String> sequenceByData = new HashMap<>();
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 40; i++) {
            String key = "key-" + (i % 10);
            String data = "record-" + i;
            PutRecordResponse put = kinesis.putRecord(
                    b -> b.streamName(stream).partitionKey(key).data(bytes(data)));
            assertThat(put.shardId()).isEqualTo(expectedShard(shards, key));
            assertThat(put.sequenceNumber()).hasSizeBetween(55, 58);
            sentByShard.computeIfAbsent(put.shardId(), s -> new ArrayList<>()).add(data);
            sequenceByData.put(data, put.sequenceNumber());
        }

        for (Shard shard : shards) {
            List<Record> records = readAll(kinesis, stream, shard.shardId());
            assertThat(records)
                    .extracting(r -> r.data().asUtf8String())
                    .containsExactlyElementsOf(sentByShard.getOrDefault(shard.shardId(), List.of()));
            BigInteger previous = BigInteger.ZERO;
            for (Record record : records) {
                assertThat(record.sequenceNumber())
                        .isEqualTo(sequenceByData.get(record.data().asUtf8String()));
                BigInteger sequence = new BigInteger(record.sequenceNumber());
                assertThat(sequence).isGreaterThan(previous);
                assertThat(sequence)
                        .isGreaterThanOrEqualTo(
                                new BigInteger(shard.sequenceNumberRange().startingSequenceNumber()));
                previous = sequence;
                assertThat(record.approximateArrivalTimestamp())
                        .isBetween(before, Instant.now().plusSeconds(1));
                assertThat(expectedShard(shards, record.partitionKey())).isEqualTo(shard.shardId());
            }
        }
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void everyIteratorTypeLandsOnTheRightRecord(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("iterators");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        String shardId = "shardId-000000000000";
        List<String> sequences = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            sequences.add(kinesis.putRecord(
                            b -> b.streamName(stream).partitionKey("k").data(bytes("r" + n)))
                    .sequenceNumber());
        }
        String latest = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
        Thread.sleep(20);
        Instant middle = Instant.now();
        Thread.sleep(20);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("r5")));

        assertThat(firstData(kinesis, stream, shardId, ShardIteratorType.TRIM_HORIZON, null, null))
                .isEqualTo("r0");
        assertThat(firstData(kinesis, stream, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, sequences.get(2), null))
                .isEqualTo("r2");
        assertThat(firstData(kinesis, stream, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequences.get(2), null))
                .isEqualTo("r3");
        assertThat(firstData(kinesis, stream, shardId, ShardIteratorType.AT_TIMESTAMP, null, middle))
                .isEqualTo("r5");
        GetRecordsResponse fromLatest = kinesis.getRecords(b -> b.shardIterator(latest));
        assertThat(fromLatest.records())
                .extracting(r -> r.data().asUtf8String())
                .containsExactly("r5");
        assertThat(fromLatest.millisBehindLatest()).isZero();

        // A limit of 2 returns two records and an iterator that continues right after them.
        String trim = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse firstTwo =
                kinesis.getRecords(b -> b.shardIterator(trim).limit(2));
        assertThat(firstTwo.records()).extracting(r -> r.data().asUtf8String()).containsExactly("r0", "r1");
        GetRecordsResponse following = kinesis.getRecords(
                b -> b.shardIterator(firstTwo.nextShardIterator()).limit(2));
        assertThat(following.records()).extracting(r -> r.data().asUtf8String()).containsExactly("r2", "r3");

        // An empty read at the tip keeps an iterator that sees the next record.
        GetRecordsResponse tip = kinesis.getRecords(b -> b.shardIterator(fromLatest.nextShardIterator()));
        assertThat(tip.records()).isEmpty();
        assertThat(tip.millisBehindLatest()).isZero();
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("r6")));
        assertThat(kinesis.getRecords(b -> b.shardIterator(tip.nextShardIterator()))
                        .records())
                .extracting(r -> r.data().asUtf8String())
                .containsExactly("r6");

        // Errors on iterators, as AWS words them.
        assertThatThrownBy(() -> kinesis.getShardIterator(b ->
                        b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber");
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber("12345")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("did not come from this stream");
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000007")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Shard shardId-000000000007 in stream " + stream);
        assertThatThrownBy(() -> kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.AT_TIMESTAMP)))
                .isInstanceOf(InvalidArgumentException.class);
        // A position in the future is refused, not an iterator that would wait there (AWS's wording).
        java.time.Instant future = java.time.Instant.now().plusSeconds(3600);
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                        .timestamp(future)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("The timestampInMillis parameter cannot be greater than the"
                        + " currentTimestampInMillis. timestampInMillis: " + future.toEpochMilli()
                        + ", currentTimestampInMillis: ");
        String tampered = trim.substring(0, 10) + (trim.charAt(10) == 'A' ? 'B' : 'A') + trim.substring(11);
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(tampered)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Invalid ShardIterator");
        kinesis.deleteStream(b -> b.streamName(stream));
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(trim)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static String firstData(
            KinesisClient kinesis,
            String stream,
            String shardId,
            ShardIteratorType type,
            String sequence,
            Instant timestamp) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequence)
                        .timestamp(timestamp))
                .shardIterator();
        List<Record> records =
                kinesis.getRecords(b -> b.shardIterator(iterator).limit(1)).records();
        assertThat(records).hasSize(1);
        return records.get(0).data().asUtf8String();
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void putRecordsReportsEachRecord(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("batch");
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("pk" + i)
                    .data(bytes("batch-" + i))
                    .build());
        }
        // ExplicitHashKey overrides the partition key's hash: the last key of the space lands on the last shard.
        entries.set(
                0,
                PutRecordsRequestEntry.builder()
                        .partitionKey("pk0")
                        .data(bytes("batch-0"))
                        .explicitHashKey(
                                BigInteger.TWO.pow(128).subtract(BigInteger.ONE).toString())
                        .build());
        PutRecordsResponse response =
                kinesis.putRecords(b -> b.streamName(stream).records(entries));
        assertThat(response.failedRecordCount()).isZero();
        assertThat(response.records()).hasSize(500);
        assertThat(response.records().get(0).shardId()).isEqualTo("shardId-000000000001");
        for (int i = 1; i < 500; i++) {
            PutRecordsResultEntry result = response.records().get(i);
            assertThat(result.shardId()).isEqualTo(expectedShard(shards, "pk" + i));
            assertThat(result.sequenceNumber()).isNotBlank();
            assertThat(result.errorCode()).isNull();
        }
        int total = readAll(kinesis, stream, "shardId-000000000000").size()
                + readAll(kinesis, stream, "shardId-000000000001").size();
        assertThat(total).isEqualTo(500);

        List<PutRecordsRequestEntry> tooMany = new ArrayList<>(entries);
        tooMany.add(entries.get(1));
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(tooMany)))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .contains(
                                        "at 'records' failed to satisfy constraint: Member must have length less than or"
                                                + " equal to 500"));
        byte[] big = new byte[1024 * 1024];
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream)
                        .records(
                                PutRecordsRequestEntry.builder()
                                        .partitionKey("ok")
                                        .data(bytes("small"))
                                        .build(),
                                PutRecordsRequestEntry.builder()
                                        .partitionKey("big")
                                        .data(SdkBytes.fromByteArray(big))
                                        .build())))
                .isInstanceOfSatisfying(KinesisException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .contains("at 'records.2.member.data'")
                            .contains("less than or equal to 1048576");
                });
        // 11 records of 1,024,000 bytes: over the 10 MiB a whole PutRecords may carry, each under the 1 MiB limit.
        List<PutRecordsRequestEntry> overTenMiB = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            overTenMiB.add(PutRecordsRequestEntry.builder()
                    .partitionKey("k" + i)
                    .data(SdkBytes.fromByteArray(new byte[1024 * 1000]))
                    .build());
        }
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(overTenMiB)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Records size exceeds 10 MiB limit");
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void recordLimitsAndMissingStreams(boolean cbor) {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("limits");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        // 1 MiB of data plus the key is over the limit; 1 MiB minus the key fits exactly.
        byte[] exact = new byte[1024 * 1024 - 3];
        assertThat(kinesis.putRecord(
                                b -> b.streamName(stream).partitionKey("key").data(SdkBytes.fromByteArray(exact)))
                        .sequenceNumber())
                .isNotBlank();
        assertThatThrownBy(() -> kinesis.putRecord(b ->
                        b.streamName(stream).partitionKey("key").data(SdkBytes.fromByteArray(new byte[1024 * 1024]))))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> kinesis.putRecord(
                        b -> b.streamName(stream).partitionKey("k".repeat(257)).data(bytes("x"))))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .contains(
                                        "at 'partitionKey' failed to satisfy constraint: Member must have length less than"
                                                + " or equal to 256"));
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream)
                        .partitionKey("k")
                        .data(bytes("x"))
                        .explicitHashKey(BigInteger.TWO.pow(128).toString())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Invalid ExplicitHashKey");
        assertThatThrownBy(() -> kinesis.putRecord(
                        b -> b.streamName(unique("nope")).partitionKey("k").data(bytes("x"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator("not-an-iterator")))
                .isInstanceOf(InvalidArgumentException.class);
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    /** SequenceNumberForOrdering: a well-formed one is taken and the next record sorts after it. */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void sequenceNumberForOrdering(boolean cbor) {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("ordering");
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        String first = kinesis.putRecord(
                        b -> b.streamName(stream).partitionKey("same").data(bytes("1")))
                .sequenceNumber();
        PutRecordResponse second = kinesis.putRecord(
                b -> b.streamName(stream).partitionKey("same").data(bytes("2")).sequenceNumberForOrdering(first));
        assertThat(new BigInteger(second.sequenceNumber())).isGreaterThan(new BigInteger(first));
        PutRecordResponse third = kinesis.putRecord(b -> b.streamName(stream)
                .partitionKey("same")
                .data(bytes("3"))
                .sequenceNumberForOrdering(second.sequenceNumber()));
        assertThat(new BigInteger(third.sequenceNumber())).isGreaterThan(new BigInteger(second.sequenceNumber()));
        assertThat(readAll(kinesis, stream, second.shardId()))
                .extracting(r -> r.data().asUtf8String())
                .containsExactly("1", "2", "3");
        // The model's SequenceNumber pattern: 0|([1-9]\d{0,128}).
        for (String malformed : new String[] {"abc", "0123", "-5", "1".repeat(130)}) {
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream)
                            .partitionKey("same")
                            .data(bytes("x"))
                            .sequenceNumberForOrdering(malformed)))
                    .as(malformed)
                    .isInstanceOfSatisfying(KinesisException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("at 'sequenceNumberForOrdering'");
                    });
        }
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    /**
     * GetRecords' Limit is 1 to 10,000 (the model's GetRecordsInputLimit). Past it, AWS validates the input before
     * the action runs, as for every modelled range: a ValidationException (the API reference's prose names
     * InvalidArgumentException, but the service answers the constraint violation, like kinesalite mimics).
     */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void getRecordsLimitIsAtMostTenThousand(boolean cbor) {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("limit");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("only")));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000))
                        .records())
                .hasSize(1);
        assertThatThrownBy(
                        () -> kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_001)))
                .isInstanceOfSatisfying(KinesisException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("1 validation error detected: Value"
                                    + " '10001' at 'limit' failed to satisfy constraint: Member must have value less than or"
                                    + " equal to 10000");
                });
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    /** MillisBehindLatest: how far the last returned record is from the tip; zero once nothing is left behind it. */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void millisBehindLatestCountsWhatIsLeft(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("behind");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        for (int i = 0; i < 3; i++) {
            String data = "r" + i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes(data)));
        }
        Thread.sleep(200);
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse first =
                kinesis.getRecords(b -> b.shardIterator(iterator).limit(1));
        assertThat(first.records()).hasSize(1);
        // Two records remain behind it, written at least 200 ms ago.
        assertThat(first.millisBehindLatest()).isGreaterThanOrEqualTo(200L);
        GetRecordsResponse rest = kinesis.getRecords(
                b -> b.shardIterator(first.nextShardIterator()).limit(100));
        assertThat(rest.records()).extracting(r -> r.data().asUtf8String()).containsExactly("r1", "r2");
        assertThat(rest.millisBehindLatest()).isZero();
        GetRecordsResponse tip = kinesis.getRecords(b -> b.shardIterator(rest.nextShardIterator()));
        assertThat(tip.records()).isEmpty();
        assertThat(tip.millisBehindLatest()).isZero();
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void iteratorsExpireAfterFiveMinutes(boolean cbor) {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = unique("expiry");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        long created = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamCreationTimestamp()
                .toEpochMilli();
        String old =
                TestIterators.issue(TestGateway.shared(), stream, created, 0, 0, System.currentTimeMillis() - 301_000);
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(old)))
                .isInstanceOf(ExpiredIteratorException.class)
                .hasMessageContaining("Iterator expired");
        String fresh =
                TestIterators.issue(TestGateway.shared(), stream, created, 0, 0, System.currentTimeMillis() - 299_000);
        assertThat(kinesis.getRecords(b -> b.shardIterator(fresh)).records()).isEmpty();
        kinesis.deleteStream(b -> b.streamName(stream));
    }
}
