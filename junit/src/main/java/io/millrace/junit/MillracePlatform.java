package io.millrace.junit;

import io.millrace.launcher.up.EmbeddedPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Millrace platform running in the test JVM, and the AWS SDK v2 clients pointed at it: region us-east-1, the
 * credentials {@code test}/{@code test} (the platform runs in open mode, as {@code millrace up} on loopback does),
 * the SDK's default retries. Clients are made once, shared by the tests (they are thread-safe), and closed with the
 * platform; a test may not close them.
 */
public final class MillracePlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MillracePlatform.class);

    /** The region clients are built for; any region works, and ARNs carry this one. */
    public static final Region REGION = Region.US_EAST_1;

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final EmbeddedPlatform platform;
    private final Path dataDir;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private KinesisClient kinesis;
    private KinesisAsyncClient kinesisAsync;
    private FirehoseClient firehose;
    private DynamoDbClient dynamoDb;
    private S3Client s3;
    private boolean closed;

    private MillracePlatform(EmbeddedPlatform platform, Path dataDir) {
        this.platform = platform;
        this.dataDir = dataDir;
    }

    /** Starts a platform with these settings in a new temporary data directory, removed at {@link #close()}. */
    static MillracePlatform start(PlatformSettings settings) throws Exception {
        Path dataDir = Files.createTempDirectory("millrace-test-");
        try {
            Path configFile = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
            if (!settings.config().isEmpty()) {
                Files.writeString(configFile, settings.configFileText());
            }
            long start = System.nanoTime();
            EmbeddedPlatform platform =
                    EmbeddedPlatform.start(settings.upOptions(dataDir.resolve("data"), configFile), settings.flink());
            LOG.info(
                    "Millrace started for tests in {} ms: endpoint {}, kafka {}, {}",
                    (System.nanoTime() - start) / 1_000_000,
                    platform.endpoint().orElseThrow(),
                    platform.kafkaBootstrapServers(),
                    settings);
            return new MillracePlatform(platform, dataDir);
        } catch (Exception | Error e) {
            delete(dataDir);
            throw e;
        }
    }

    /** The gateway's endpoint: every AWS API the platform serves (Kinesis, Firehose, DynamoDB, KMS, ...). */
    public URI endpoint() {
        return platform.endpoint().orElseThrow();
    }

    /** The embedded Kafka broker, for Kafka clients: a stream {@code S} is the topic {@code S}. */
    public String kafkaBootstrapServers() {
        return platform.kafkaBootstrapServers();
    }

    /** The embedded S3 store (path-style addressing; it checks no signature). */
    public URI s3Endpoint() {
        return platform.s3Endpoint();
    }

    /** The REST URL of the Kafka Connect worker running delivery streams. */
    public URI connectUrl() {
        return platform.connectUrl();
    }

    /** The Flink mini-cluster's REST URL, when started with {@code flink = true}. */
    public Optional<URI> flinkRestUrl() {
        return platform.flinkRestUrl();
    }

    /** Kinesis, synchronous (CBOR, as the SDK sends by default). */
    public synchronized KinesisClient kinesis() {
        if (kinesis == null) {
            kinesis = register(pointedAt(KinesisClient.builder())
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
        }
        return kinesis;
    }

    /** Kinesis, asynchronous over HTTP/2: what SubscribeToShard (enhanced fan-out) needs. */
    public synchronized KinesisAsyncClient kinesisAsync() {
        if (kinesisAsync == null) {
            kinesisAsync = register(pointedAt(KinesisAsyncClient.builder())
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                    .build());
        }
        return kinesisAsync;
    }

    public synchronized FirehoseClient firehose() {
        if (firehose == null) {
            firehose = register(pointedAt(FirehoseClient.builder())
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
        }
        return firehose;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = register(pointedAt(DynamoDbClient.builder())
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
        }
        return dynamoDb;
    }

    /** The S3 store Firehose delivers to, path-style. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = register(S3Client.builder()
                    .endpointOverride(s3Endpoint())
                    .region(REGION)
                    .credentialsProvider(CREDENTIALS)
                    .forcePathStyle(true)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
        }
        return s3;
    }

    /**
     * {@code builder} pointed at the gateway (endpoint, region, credentials), for any other service it serves:
     * {@code platform.pointedAt(KmsClient.builder()).build()}. The caller closes what it builds.
     */
    public <B extends AwsClientBuilder<B, C>, C> B pointedAt(B builder) {
        return builder.endpointOverride(endpoint()).region(REGION).credentialsProvider(CREDENTIALS);
    }

    private synchronized <C extends AutoCloseable> C register(C client) {
        if (closed) {
            throw new IllegalStateException("the Millrace platform of this test has stopped");
        }
        clients.add(client);
        return client;
    }

    /** Closes the clients, stops the platform and removes its data. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // Stopping the platform matters more.
            }
        }
        try {
            platform.close();
        } finally {
            delete(dataDir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".properties"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the test platform's data in " + dir, e);
        }
    }
}
