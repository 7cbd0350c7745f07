package io.millrace.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.table.MillraceOptions;
import io.millrace.junit.Millrace;
import io.millrace.junit.MillracePlatform;
import io.millrace.junit.MillraceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The Flink connector's scan of an encrypted stream, in a Flink mini-cluster of the test's own: with the
 * {@code sse.kms.*} options it opens the records put after StartStreamEncryption with KMS Decrypt over the platform's
 * KMS API and passes the earlier plaintext ones through; without them it fails instead of handing on ciphertext. The
 * platform is the one {@link MillraceTest} shares in this JVM (without its own Flink cluster: the job runs here).
 */
@MillraceTest
class EncryptedStreamFlinkIT {

    private static final String STREAM = "sse-flink-orders";

    @Millrace
    static MillracePlatform platform;

    @BeforeAll
    static void encryptedStream(KinesisClient kinesis) {
        try (KmsClient kms = platform.pointedAt(KmsClient.builder()).build()) {
            kinesis.createStream(b -> b.streamName(STREAM).shardCount(2));
            awaitActive(kinesis);
            put(kinesis, "{\"item\": \"written-before-encryption\"}");
            String keyId =
                    kms.createKey(b -> b.description("orders")).keyMetadata().keyId();
            kinesis.startStreamEncryption(
                    b -> b.streamName(STREAM).encryptionType(EncryptionType.KMS).keyId(keyId));
            awaitActive(kinesis);
            for (String item : List.of("secret-one", "secret-two", "secret-three")) {
                assertThat(put(kinesis, "{\"item\": \"" + item + "\"}")).isEqualTo(EncryptionType.KMS);
            }
        }
    }

    @Test
    void scanWithTheKmsOptionsReadsEveryRecordAsItWasPut() throws Exception {
        StreamTableEnvironment tables = tables();
        tables.executeSql("CREATE TABLE orders (item STRING) WITH (" + streamOptions() + ","
                + " 'sse.kms.endpoint' = '" + platform.endpoint() + "',"
                + " 'sse.kms.access-key-id' = 'test', 'sse.kms.secret-access-key' = 'test')");

        assertThat(collect(tables.executeSql("SELECT item FROM orders")))
                .containsExactlyInAnyOrder("written-before-encryption", "secret-one", "secret-two", "secret-three");
    }

    @Test
    void scanWithoutTheKmsOptionsFailsOnTheFirstEncryptedRecord() {
        StreamTableEnvironment tables = tables();
        // A format told to skip what it cannot parse would drop ciphertext silently: the scan must fail before it.
        tables.executeSql("CREATE TABLE orders_unkeyed (item STRING) WITH (" + streamOptions() + ","
                + " 'json.ignore-parse-errors' = 'true')");

        // The task fails with "DecryptingDeserializer is not configured"; Flink's client reports the job's failure
        // through whichever failover event it records last, so the message is not asserted here.
        assertThatThrownBy(() -> collect(tables.executeSql("SELECT item FROM orders_unkeyed")))
                .hasStackTraceContaining("Job execution failed");
    }

    private static StreamTableEnvironment tables() {
        Configuration flink = new Configuration();
        // One attempt: a failing scan must fail the query, not restart.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        tables.getConfig().set(MillraceOptions.SESSION_BOOTSTRAP_SERVERS.key(), platform.kafkaBootstrapServers());
        return tables;
    }

    private static String streamOptions() {
        return "'connector' = 'millrace', 'stream' = '" + STREAM + "', 'format' = 'json',"
                + " 'scan.bounded.mode' = 'latest'";
    }

    private static EncryptionType put(KinesisClient kinesis, String json) {
        return kinesis.putRecord(b -> b.streamName(STREAM).partitionKey(json).data(SdkBytes.fromUtf8String(json)))
                .encryptionType();
    }

    private static void awaitActive(KinesisClient kinesis) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kinesis.describeStreamSummary(b -> b.streamName(STREAM))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }

    private static List<String> collect(TableResult result) throws Exception {
        List<String> items = new ArrayList<>();
        try (CloseableIterator<Row> rows = result.collect()) {
            rows.forEachRemaining(row -> items.add(String.valueOf(row.getField(0))));
        }
        return items;
    }
}
