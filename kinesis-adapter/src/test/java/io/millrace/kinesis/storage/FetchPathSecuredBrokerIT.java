package io.millrace.kinesis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * GetRecords' fetch path to a broker that only speaks SASL_SSL (TLS with a certificate of the test's own, SASL
 * PLAIN): the pool reads through its own connection made from the client properties, and a gateway given them as
 * {@code kafka.*} settings serves a stream's records from it.
 */
class FetchPathSecuredBrokerIT {

    private static final String PASSWORD = "fetch-path-secret";
    private static final String USER = "plain-admin";
    private static final String USER_PASSWORD = "plain-admin-secret";

    @TempDir
    Path dir;

    @Test
    void theFetchPathReadsOverSaslSsl() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("trust.p12");
        certificates(keystore, truststore);
        KafkaClusterTestKit cluster = securedBroker(keystore, truststore);
        try {
            Map<String, Object> client = clientProperties(cluster.bootstrapServers(), truststore);
            String topic = "secured";
            List<String> written = new ArrayList<>();
            try (Admin admin = Admin.create(client)) {
                Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "0")))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .values()
                        .iterator()
                        .next();
                assertThat(broker.get("listener.security.protocol.map").value()).contains("EXTERNAL:SASL_SSL");
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 300; i++) {
                    written.add("record-" + i);
                    producer.send(new ProducerRecord<>(topic, 0, "k", "record-" + i));
                }
                producer.flush();
            }

            try (ShardReaderPool pool = new ShardReaderPool(client, 1, new ReadPrefetchBudget(64L << 20), true)) {
                List<String> read = new ArrayList<>();
                long offset = 0;
                while (read.size() < written.size()) {
                    ShardReaderPool.ReadResult result = pool.read(topic, 0, offset, 100, 1 << 20, -1);
                    RecordRun run = result.run();
                    assertThat(run).as("answered by the fetch path").isNotNull();
                    assertThat(run.size()).as("records from offset %d", offset).isPositive();
                    for (int i = 0; i < run.size(); i++) {
                        read.add(new String(run.array(i), run.valueAt(i), run.valueLength(i), StandardCharsets.UTF_8));
                    }
                    offset = result.nextOffset();
                }
                assertThat(read).isEqualTo(written);
            }

            readThroughAGateway(cluster.bootstrapServers(), truststore);
        } finally {
            cluster.close();
        }
    }

    /** A gateway on the secured broker, its Kafka clients configured by {@code kafka.*} keys, reads a stream. */
    private static void readThroughAGateway(String servers, Path truststore) {
        Map<String, String> settings = new HashMap<>();
        settings.put(KinesisConfig.BOOTSTRAP_SERVERS, servers);
        settings.put(KinesisConfig.SHARD_LIMITS, "off");
        settings.put(KinesisConfig.READ_PATH, KinesisConfig.READ_PATH_FETCH);
        clientProperties(servers, truststore).forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                settings.put("kafka." + key, String.valueOf(value));
            }
        });
        try (TestGateway gateway = TestGateway.start(settings);
                KinesisClient kinesis = gateway.client(true)) {
            String stream = "secured-stream";
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            List<String> written = new ArrayList<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                written.add("put-" + i);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k" + i)
                        .data(SdkBytes.fromUtf8String("put-" + i))
                        .build());
            }
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries))
                            .failedRecordCount())
                    .isZero();
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            List<String> read = new ArrayList<>();
            for (int calls = 0; calls < 50 && read.size() < written.size(); calls++) {
                String from = iterator;
                GetRecordsResponse response =
                        kinesis.getRecords(b -> b.shardIterator(from).limit(70));
                response.records().stream()
                        .map(Record::data)
                        .map(SdkBytes::asUtf8String)
                        .forEach(read::add);
                iterator = response.nextShardIterator();
            }
            assertThat(read).isEqualTo(written);
        }
    }

    private static Map<String, Object> clientProperties(String servers, Path truststore) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", servers);
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "PLAIN");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER + "\" password=\""
                        + USER_PASSWORD + "\";");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", PASSWORD);
        props.put("ssl.truststore.type", "PKCS12");
        return props;
    }

    /**
     * One broker (and its controller) whose client listener is SASL_SSL: the test kit makes it SASL_PLAINTEXT (PLAIN,
     * its admin a super user), and the broker's own settings, which the kit applies last, add TLS to it.
     */
    private static KafkaClusterTestKit securedBroker(Path keystore, Path truststore) throws Exception {
        Map<String, String> tls = new HashMap<>();
        tls.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT");
        tls.put("ssl.keystore.location", keystore.toString());
        tls.put("ssl.keystore.password", PASSWORD);
        tls.put("ssl.key.password", PASSWORD);
        tls.put("ssl.keystore.type", "PKCS12");
        tls.put("ssl.truststore.location", truststore.toString());
        tls.put("ssl.truststore.password", PASSWORD);
        tls.put("ssl.truststore.type", "PKCS12");
        tls.put(
                "listener.name.external.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER + "\" password=\""
                        + USER_PASSWORD + "\" user_" + USER + "=\"" + USER_PASSWORD + "\";");
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerListenerName(new ListenerName("EXTERNAL"))
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setPerServerProperties(Map.of(0, tls))
                .build());
        builder.setConfigProp("offsets.topic.replication.factor", "1");
        builder.setConfigProp("transaction.state.log.replication.factor", "1");
        builder.setConfigProp("transaction.state.log.min.isr", "1");
        return TestKitClusters.started(builder);
    }

    /** A key pair for localhost (keytool, PKCS12), and a truststore holding its certificate. */
    private static void certificates(Path keystore, Path truststore) throws Exception {
        Path cert = keystore.resolveSibling("broker.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-rfc",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD);
        assertThat(Files.size(truststore)).isPositive();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
