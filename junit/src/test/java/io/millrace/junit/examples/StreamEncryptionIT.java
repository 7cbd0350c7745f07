package io.millrace.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.junit.Millrace;
import io.millrace.junit.MillracePlatform;
import io.millrace.junit.MillraceTest;
import io.millrace.kinesis.crypto.DecryptingDeserializer;
import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.testkit.AwsCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Kinesis server-side encryption with the platform's KMS, through the AWS SDK v2 (CBOR) and the AWS CLI v2: records
 * put after StartStreamEncryption are ciphertext in Kafka and plaintext to GetRecords; the key's state decides
 * whether puts and reads work. On the platform {@code millrace up} runs, started in this JVM by {@link MillraceTest}:
 * the data key period is short, so that switching a key off shows within a test (the default is AWS's five
 * minutes). No other class has that setting, so the class takes a platform of its own, stopped after it, rather than
 * keep a second one running beside the JVM's shared one.
 */
@MillraceTest(scope = MillraceTest.Scope.CLASS, config = "millrace.kinesis.encryption.data-key-period-ms=300")
class StreamEncryptionIT {

    @Millrace
    static MillracePlatform platform;

    @Millrace
    static KinesisClient kinesis;

    private static KmsClient kms;

    @TempDir
    static Path cliHome;

    @BeforeAll
    static void kmsClient() {
        kms = platform.pointedAt(KmsClient.builder()).build();
    }

    @AfterAll
    static void closeKmsClient() {
        if (kms != null) {
            kms.close();
        }
    }

    @Test
    void recordsPutAfterStartAreCiphertextInKafkaAndPlaintextToReaders() throws Exception {
        AwsCli.requireV2();
        String stream = "sse-cli";
        createStream(stream);
        put(stream, "written-before-encryption");
        String keyId =
                kms.createKey(b -> b.description("stream key")).keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName("alias/orders").targetKeyId(keyId));

        AwsCli.Result started = new AwsCli(platform.endpoint().toString(), cliHome)
                .kinesis(
                        "start-stream-encryption",
                        "--stream-name",
                        stream,
                        "--encryption-type",
                        "KMS",
                        "--key-id",
                        "alias/orders");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        StreamDescriptionSummary summary = awaitActive(stream);
        assertThat(summary.encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(summary.keyId()).isEqualTo("alias/orders");
        assertThat(kinesis.describeStream(b -> b.streamName(stream))
                        .streamDescription()
                        .keyId())
                .isEqualTo("alias/orders");

        PutRecordResponse one = put(stream, "secret-number-one");
        assertThat(one.encryptionType()).isEqualTo(EncryptionType.KMS);
        PutRecordsResponse batch = kinesis.putRecords(
                b -> b.streamName(stream).records(entry("secret-number-two"), entry("secret-number-three")));
        assertThat(batch.failedRecordCount()).isZero();
        assertThat(batch.encryptionType()).isEqualTo(EncryptionType.KMS);

        List<ConsumerRecord<byte[], byte[]>> raw = rawRecords(stream, 4);
        assertThat(raw).hasSize(4);
        assertThat(new String(raw.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("written-before-encryption");
        assertThat(raw.get(0).headers().lastHeader(RecordEnvelope.HEADER)).isNull();
        for (ConsumerRecord<byte[], byte[]> record : raw.subList(1, 4)) {
            assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("secret");
            assertThat(record.headers().lastHeader(RecordEnvelope.HEADER)).isNotNull();
        }

        List<ConsumerRecord<byte[], byte[]>> decrypted = rawRecords(stream, 4, decrypting());
        assertThat(decrypted)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly(
                        "written-before-encryption", "secret-number-one", "secret-number-two", "secret-number-three");

        List<Record> read = readAll(stream);
        assertThat(read)
                .extracting(r -> r.data().asUtf8String())
                .containsExactly(
                        "written-before-encryption", "secret-number-one", "secret-number-two", "secret-number-three");
        assertThat(read)
                .extracting(Record::encryptionType)
                .containsExactly(null, EncryptionType.KMS, EncryptionType.KMS, EncryptionType.KMS);

        kinesis.stopStreamEncryption(
                b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId("alias/orders"));
        assertThat(awaitActive(stream).encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(put(stream, "after-stop").encryptionType()).isNull();
        List<ConsumerRecord<byte[], byte[]>> after = rawRecords(stream, 5);
        assertThat(new String(after.get(4).value(), StandardCharsets.UTF_8)).isEqualTo("after-stop");
        assertThat(readAll(stream))
                .extracting(r -> r.data().asUtf8String())
                .containsExactly(
                        "written-before-encryption",
                        "secret-number-one",
                        "secret-number-two",
                        "secret-number-three",
                        "after-stop");
    }

    @Test
    void theKeysStateDecidesWhetherPutsAndReadsWork() {
        String stream = "sse-key-state";
        createStream(stream);
        String keyArn = kms.createKey(b -> b.description("switched off and on"))
                .keyMetadata()
                .arn();
        kinesis.startStreamEncryption(
                b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyArn));
        awaitActive(stream);
        put(stream, "while-enabled");

        kms.disableKey(b -> b.keyId(keyArn));
        KinesisException disabled = awaitRefused(stream);
        assertThat(disabled.awsErrorDetails().errorCode()).isEqualTo("KMSDisabledException");
        assertThat(disabled.statusCode()).isEqualTo(400);
        assertThat(disabled.awsErrorDetails().errorMessage()).isEqualTo(keyArn + " is disabled.");
        assertThatThrownBy(() -> readAll(stream))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSDisabledException"));

        kms.enableKey(b -> b.keyId(keyArn));
        put(stream, "enabled-again");
        assertThat(readAll(stream))
                .extracting(r -> r.data().asUtf8String())
                .containsExactly("while-enabled", "enabled-again");

        kms.scheduleKeyDeletion(b -> b.keyId(keyArn).pendingWindowInDays(7));
        KinesisException pending = awaitRefused(stream);
        assertThat(pending.awsErrorDetails().errorCode()).isEqualTo("KMSInvalidStateException");
        assertThat(pending.awsErrorDetails().errorMessage()).isEqualTo(keyArn + " is pending deletion.");
        kms.cancelKeyDeletion(b -> b.keyId(keyArn));
        kms.enableKey(b -> b.keyId(keyArn));
        assertThat(put(stream, "after-cancel").encryptionType()).isEqualTo(EncryptionType.KMS);
    }

    @Test
    void startStreamEncryptionChecksItsArguments() {
        String stream = "sse-arguments";
        createStream(stream);
        assertThatThrownBy(() -> kinesis.startStreamEncryption(b ->
                        b.streamName(stream).encryptionType(EncryptionType.KMS).keyId("alias/no-such-key")))
                .isInstanceOfSatisfying(KinesisException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSNotFoundException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThatThrownBy(() -> kinesis.startStreamEncryption(b ->
                        b.streamName(stream).encryptionType(EncryptionType.NONE).keyId("alias/aws/kinesis")))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"));
        assertThatThrownBy(() -> kinesis.startStreamEncryption(b -> b.streamName("sse-no-such-stream")
                        .encryptionType(EncryptionType.KMS)
                        .keyId("alias/aws/kinesis")))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
        assertThat(describe(stream).encryptionType()).isEqualTo(EncryptionType.NONE);

        // The Kinesis-owned key of AWS: alias/aws/kinesis, created on first use.
        kinesis.startStreamEncryption(
                b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
        assertThat(awaitActive(stream).keyId()).isEqualTo("alias/aws/kinesis");
        assertThat(put(stream, "under-the-managed-key").encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(kms.listAliases().aliases())
                .anySatisfy(alias -> assertThat(alias.aliasName()).isEqualTo("alias/aws/kinesis"));
    }

    @Test
    void subscribeToShardPushesTheDataThatWasPutMarkedKms(KinesisAsyncClient async) throws Exception {
        String stream = "sse-fan-out";
        createStream(stream);
        kinesis.startStreamEncryption(
                b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
        awaitActive(stream);
        put(stream, "pushed-one");
        put(stream, "pushed-two");
        String consumerArn = kinesis.registerStreamConsumer(
                        b -> b.streamARN(describe(stream).streamARN()).consumerName("sse"))
                .consumer()
                .consumerARN();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                                .consumerDescription()
                                .consumerStatus()
                        == ConsumerStatus.ACTIVE);
        List<Record> pushed = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> subscription = async.subscribeToShard(
                b -> b.consumerARN(consumerArn)
                        .shardId("shardId-000000000000")
                        .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)),
                SubscribeToShardResponseHandler.builder()
                        .onError(failure::set)
                        .subscriber(event -> {
                            if (event instanceof SubscribeToShardEvent records) {
                                pushed.addAll(records.records());
                            }
                        })
                        .build());
        await().atMost(Duration.ofSeconds(30)).until(() -> pushed.size() >= 2 || failure.get() != null);
        // Cancelling the subscription reports a cancellation to onError: the failure to check is the one before.
        assertThat(failure.get()).isNull();
        subscription.cancel(true);
        assertThat(pushed).extracting(r -> r.data().asUtf8String()).containsExactly("pushed-one", "pushed-two");
        assertThat(pushed).extracting(Record::encryptionType).containsOnly(EncryptionType.KMS);
    }

    private static void createStream(String stream) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        awaitActive(stream);
    }

    private static StreamDescriptionSummary describe(String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }

    private static StreamDescriptionSummary awaitActive(String stream) {
        await().atMost(Duration.ofSeconds(30)).until(() -> describe(stream).streamStatus() == StreamStatus.ACTIVE);
        return describe(stream);
    }

    private static PutRecordResponse put(String stream, String data) {
        return kinesis.putRecord(
                b -> b.streamName(stream).partitionKey("pk-" + data).data(SdkBytes.fromUtf8String(data)));
    }

    private static PutRecordsRequestEntry entry(String data) {
        return PutRecordsRequestEntry.builder()
                .partitionKey("pk-" + data)
                .data(SdkBytes.fromUtf8String(data))
                .build();
    }

    /** The KMS key's new state shows in puts once the data key in use is older than its period. */
    private static KinesisException awaitRefused(String stream) {
        List<KinesisException> refused = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                put(stream, "probe");
                return false;
            } catch (KinesisException e) {
                refused.add(e);
                return true;
            }
        });
        return refused.get(0);
    }

    private static List<Record> readAll(String stream) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream()
                .filter(r -> !r.data().asUtf8String().equals("probe"))
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> rawRecords(String topic, int count) {
        return rawRecords(topic, count, Map.of());
    }

    /** A Kafka-native consumer's settings for the Deserializer that decrypts, given the KMS API endpoint. */
    private static Map<String, Object> decrypting() {
        return Map.of(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                DecryptingDeserializer.class.getName(),
                KinesisCryptoConfig.KMS_ENDPOINT,
                platform.endpoint().toString(),
                KinesisCryptoConfig.KMS_ACCESS_KEY_ID,
                "test",
                KinesisCryptoConfig.KMS_SECRET_ACCESS_KEY,
                "test");
    }

    private static List<ConsumerRecord<byte[], byte[]>> rawRecords(
            String topic, int count, Map<String, Object> settings) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(settings);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
