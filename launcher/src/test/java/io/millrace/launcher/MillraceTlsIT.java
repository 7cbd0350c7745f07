package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.launcher.net.Ports;
import io.millrace.testkit.AwsCli;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;
import software.amazon.kinesis.producer.protobuf.Messages;

/**
 * {@code ./millrace up} over HTTPS with the certificate of its local CA, driven by the clients that need TLS or
 * support it: the AWS CLI v2 with {@code --ca-bundle} (every API served), boto3 with {@code verify=}, the AWS SDK
 * for Java v2 (sync over HTTP/1.1, async SubscribeToShard over HTTP/2) and the Kinesis Producer Library, whose native
 * daemon speaks nothing but HTTPS. A restart with {@code --port off} serves HTTPS only, under the same CA.
 */
class MillraceTlsIT {

    private static final String STREAM = "tls-orders";
    /** What the KPL puts before an aggregated record (its protobuf follows, then its MD5). */
    private static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    @TempDir
    Path work;

    @BeforeAll
    static void awsCliV2IsInstalled() throws Exception {
        AwsCli.requireV2();
    }

    @Test
    void everyClientWorksOverHttpsWithTheLocalCaWhichOutlivesARestart() throws Exception {
        Path data = work.resolve("data");
        Path ca = data.resolve("tls").resolve("ca.pem").toAbsolutePath();
        int port = Ports.pickFree();
        int tlsPort = Ports.pickFree();
        byte[] caBefore;
        try (MillraceProcess millrace = MillraceProcess.up(
                work.resolve("first.err"),
                options(data, "--port", String.valueOf(port), "--tls-port", String.valueOf(tlsPort)))) {
            MillraceProcess.Ready ready = millrace.awaitReady();
            System.out.printf(
                    "millrace up with TLS: ready %d ms after spawn (%s)%n",
                    ready.afterSpawn().toMillis(), ready.line());
            assertThat(ready.line())
                    .contains("kinesis http://127.0.0.1:" + port + " https://127.0.0.1:" + tlsPort + " ca " + ca);
            Properties endpoints = new Properties();
            try (InputStream in = Files.newInputStream(data.resolve("endpoints.properties"))) {
                endpoints.load(in);
            }
            assertThat(endpoints.getProperty("kinesis-https")).isEqualTo("https://127.0.0.1:" + tlsPort);
            assertThat(endpoints.getProperty("ca")).isEqualTo(ca.toString());
            String https = "https://127.0.0.1:" + tlsPort;

            awsCliCallsEveryApi(https, ca);
            boto3PutsAndGets(https, ca);
            sdkClientsIncludingSubscribeToShardOverH2(URI.create(https), ca);
            kplWritesAndTheRecordsReadBack(tlsPort, ca, URI.create(https));
            caBefore = Files.readAllBytes(ca);
            assertThat(millrace.terminate()).isEqualTo(143);
        }

        // TLS only now; the CA is the same one, so clients given ca.pem before still trust the gateway.
        try (MillraceProcess millrace = MillraceProcess.up(
                work.resolve("second.err"), options(data, "--port", "off", "--tls-port", String.valueOf(tlsPort)))) {
            MillraceProcess.Ready ready = millrace.awaitReady();
            assertThat(ready.line())
                    .contains("kinesis https://127.0.0.1:" + tlsPort + " ca " + ca)
                    .doesNotContain("http://127.0.0.1:" + port);
            assertThat(Files.readAllBytes(ca)).isEqualTo(caBefore);
            assertThat(answers(port)).as("a plain HTTP listener on " + port).isFalse();
            try (KinesisClient kinesis = syncClient(URI.create("https://localhost:" + tlsPort), ca)) {
                assertThat(kinesis.listStreams().streamNames()).contains(STREAM);
            }
        }
    }

    private void awsCliCallsEveryApi(String https, Path ca) throws Exception {
        AwsCli cli = new AwsCli(https, work);
        String bundle = ca.toString();
        assertSucceeded(
                cli.kinesis("--ca-bundle", bundle, "create-stream", "--stream-name", STREAM, "--shard-count", "1"));
        assertSucceeded(cli.kinesis("--ca-bundle", bundle, "wait", "stream-exists", "--stream-name", STREAM));
        assertThat(assertSucceeded(cli.kinesis(
                                "--ca-bundle",
                                bundle,
                                "put-record",
                                "--stream-name",
                                STREAM,
                                "--partition-key",
                                "cli",
                                "--data",
                                "from-cli",
                                "--cli-binary-format",
                                "raw-in-base64-out"))
                        .json()
                        .path("ShardId")
                        .asText())
                .isEqualTo("shardId-000000000000");
        assertThat(assertSucceeded(cli.firehose("--ca-bundle", bundle, "list-delivery-streams"))
                        .json()
                        .has("DeliveryStreamNames"))
                .isTrue();
        assertThat(assertSucceeded(cli.call(https, "glue", "--ca-bundle", bundle, "get-databases"))
                        .json()
                        .has("DatabaseList"))
                .isTrue();
        assertThat(assertSucceeded(cli.call(https, "kinesisanalyticsv2", "--ca-bundle", bundle, "list-applications"))
                        .json()
                        .has("ApplicationSummaries"))
                .isTrue();
        // Without the CA, the CLI refuses the certificate: the check is real.
        AwsCli.Result untrusted = cli.kinesis("list-streams");
        assertThat(untrusted.exitCode()).isNotZero();
        assertThat(untrusted.stderr()).containsIgnoringCase("certificate");
    }

    private void boto3PutsAndGets(String https, Path ca) throws Exception {
        String script = String.join(
                "\n",
                "import boto3, sys",
                "k = boto3.client('kinesis', endpoint_url=sys.argv[1], verify=sys.argv[2], region_name='us-east-1',",
                "                 aws_access_key_id='test', aws_secret_access_key='test')",
                "r = k.put_records(StreamName='" + STREAM + "', Records=[{'Data': b'boto3-%d' % i,"
                        + " 'PartitionKey': 'b'} for i in range(5)])",
                "assert r['FailedRecordCount'] == 0, r",
                "it = k.get_shard_iterator(StreamName='" + STREAM + "', ShardId='shardId-000000000000',",
                "                          ShardIteratorType='TRIM_HORIZON')['ShardIterator']",
                "print(sum(1 for x in k.get_records(ShardIterator=it)['Records'] if x['Data'].startswith(b'boto3-')))");
        Path file = Files.writeString(work.resolve("boto3_tls.py"), script);
        ProcessBuilder builder =
                new ProcessBuilder("python3", file.toString(), https, ca.toString()).redirectErrorStream(true);
        builder.environment().remove("AWS_PROFILE");
        builder.environment().put("AWS_CONFIG_FILE", work.resolve("config").toString());
        Process python = builder.start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("boto3: %s", out).isZero();
        assertThat(out.trim()).endsWith("5");
    }

    private static void sdkClientsIncludingSubscribeToShardOverH2(URI https, Path ca) throws Exception {
        TrustManager[] trust = trustManagers(ca);
        try (KinesisClient kinesis = syncClient(https, ca);
                KinesisAsyncClient async = KinesisAsyncClient.builder()
                        .endpointOverride(https)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials())
                        .httpClientBuilder(NettyNioAsyncHttpClient.builder().tlsTrustManagersProvider(() -> trust))
                        .build()) {
            String streamArn = kinesis.describeStreamSummary(r -> r.streamName(STREAM))
                    .streamDescriptionSummary()
                    .streamARN();
            String consumerArn = async.registerStreamConsumer(
                            r -> r.streamARN(streamArn).consumerName("tls"))
                    .get(60, TimeUnit.SECONDS)
                    .consumer()
                    .consumerARN();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> async.describeStreamConsumer(r -> r.consumerARN(consumerArn))
                                    .get()
                                    .consumerDescription()
                                    .consumerStatus()
                            == ConsumerStatus.ACTIVE);

            List<Record> pushed = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // The SDK refuses SubscribeToShard over HTTP/1.1: an event proves the connection is HTTP/2 over TLS.
            CompletableFuture<Void> subscription = async.subscribeToShard(
                    r -> r.consumerARN(consumerArn)
                            .shardId("shardId-000000000000")
                            .startingPosition(p -> p.type(ShardIteratorType.LATEST)),
                    SubscribeToShardResponseHandler.builder()
                            .onError(failure::set)
                            .subscriber(event -> {
                                if (event instanceof SubscribeToShardEvent records) {
                                    pushed.addAll(records.records());
                                }
                            })
                            .build());
            // LATEST starts when the subscription does: keep writing until one arrives.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        kinesis.putRecord(r -> r.streamName(STREAM)
                                .partitionKey("sdk")
                                .data(SdkBytes.fromUtf8String("pushed-over-h2")));
                        return pushed.stream()
                                .anyMatch(r -> r.data().asUtf8String().equals("pushed-over-h2"));
                    });
            assertThat(failure.get()).isNull();
            subscription.cancel(true);
        }
    }

    /**
     * The KPL as applications run it (its defaults, aggregation on, metrics on), pointed at the TLS port with the CA
     * file for Kinesis, CloudWatch and STS alike, so that nothing leaves the machine: its records read back, and its
     * metrics listed back from the platform's CloudWatch API.
     */
    private void kplWritesAndTheRecordsReadBack(int tlsPort, Path ca, URI https) throws Exception {
        KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setCredentialsProvider(credentials())
                .setKinesisEndpoint("localhost")
                .setKinesisPort(tlsPort)
                .setCloudwatchEndpoint("localhost")
                .setCloudwatchPort(tlsPort)
                .setStsEndpoint("localhost")
                .setStsPort(tlsPort)
                .setVerifyCertificate(true)
                .setCaCertFile(ca.toString())
                .setMetricsLevel("detailed")
                .setMetricsUploadDelay(1_000)
                .setLogLevel("warning")
                .setTempDirectory(Files.createDirectories(work.resolve("kpl")).toString())
                .setRecordMaxBufferedTime(100)
                .setRequestTimeout(10_000);
        List<String> sent = new ArrayList<>();
        KinesisProducer producer = new KinesisProducer(config);
        try {
            List<Future<UserRecordResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String record = "kpl-" + i;
                sent.add(record);
                results.add(producer.addUserRecord(
                        STREAM, "key-" + (i % 7), ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8))));
            }
            producer.flushSync();
            AwsCli cli = new AwsCli(https.toString(), work);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(assertSucceeded(cli.call(
                                            https.toString(),
                                            "cloudwatch",
                                            "--ca-bundle",
                                            ca.toString(),
                                            "list-metrics",
                                            "--namespace",
                                            "KinesisProducerLibrary"))
                                    .stdout())
                            .contains("UserRecordsPut"));
            for (Future<UserRecordResult> result : results) {
                UserRecordResult outcome = result.get(60, TimeUnit.SECONDS);
                assertThat(outcome.isSuccessful())
                        .as(
                                "KPL attempts: %s",
                                outcome.getAttempts().stream()
                                        .map(a -> a.getErrorCode() + " " + a.getErrorMessage())
                                        .toList())
                        .isTrue();
            }
        } finally {
            producer.destroy();
        }

        List<String> read = new ArrayList<>();
        boolean aggregated = false;
        try (KinesisClient kinesis = syncClient(https, ca)) {
            String iterator = kinesis.getShardIterator(r -> r.streamName(STREAM)
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            for (Record record : kinesis.getRecords(
                            r -> r.shardIterator(iterator).limit(10_000))
                    .records()) {
                byte[] bytes = record.data().asByteArray();
                if (startsWithMagic(bytes)) {
                    aggregated = true;
                    read.addAll(deaggregate(bytes));
                } else if (record.data().asUtf8String().startsWith("kpl-")) {
                    read.add(record.data().asUtf8String());
                }
            }
        }
        // Whether the KPL aggregated (it does once its shard map is known) or sent records one by one, each record
        // is there exactly once.
        System.out.printf(
                "KPL over TLS: %d records read back (%s)%n",
                read.size(), aggregated ? "some aggregated" : "none aggregated");
        assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
    }

    private static boolean answers(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean startsWithMagic(byte[] bytes) {
        return bytes.length > KPL_MAGIC.length + 16 && Arrays.equals(Arrays.copyOf(bytes, 4), KPL_MAGIC);
    }

    /** KPL's aggregation format: magic, a protobuf AggregatedRecord, the MD5 of that protobuf. */
    private static List<String> deaggregate(byte[] bytes) throws Exception {
        byte[] message = Arrays.copyOfRange(bytes, KPL_MAGIC.length, bytes.length - 16);
        assertThat(MessageDigest.getInstance("MD5").digest(message))
                .isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length));
        return Messages.AggregatedRecord.parseFrom(message).getRecordsList().stream()
                .map(r -> r.getData().toString(StandardCharsets.UTF_8))
                .toList();
    }

    private static String[] options(Path data, String... more) {
        List<String> options = new ArrayList<>(List.of(
                "--data-dir",
                data.toString(),
                "--kafka-port",
                String.valueOf(Ports.pickFree()),
                "--controller-port",
                String.valueOf(Ports.pickFree()),
                "--s3-port",
                "0",
                "--connect-port",
                "0",
                "--flink-port",
                "0",
                "--shard-limits",
                "off"));
        options.addAll(List.of(more));
        return options.toArray(String[]::new);
    }

    private static KinesisClient syncClient(URI https, Path ca) throws Exception {
        TrustManager[] trust = trustManagers(ca);
        TlsTrustManagersProvider provider = () -> trust;
        return KinesisClient.builder()
                .endpointOverride(https)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(provider)
                        .build())
                .build();
    }

    /** What a JVM client does with the PKCS12 trust store written beside ca.pem. */
    private static TrustManager[] trustManagers(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(caPem.resolveSibling("truststore.p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    private static AwsCli.Result assertSucceeded(AwsCli.Result result) {
        assertThat(result.exitCode())
                .as("aws exit code; stderr: %s", result.stderr())
                .isZero();
        return result;
    }
}
