package io.millrace.testcontainers;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The Millrace image built from {@code docker/Dockerfile}, running {@code millrace up} alone: the embedded broker, S3
 * store, Connect worker and Flink mini-cluster inside the container, as Testcontainers' LocalStack module runs
 * LocalStack. Started once {@code up} prints its {@code ready} line. Exposes the gateway (every AWS API: Kinesis,
 * Firehose, DynamoDB, CloudWatch, KMS, IAM/STS, Kinesis Analytics v2, Glue) and the S3 store; clients sign with
 * {@link #getAccessKey()} / {@link #getSecretKey()} in {@link #getRegion()}.
 *
 * <p>Kafka is not exposed: the embedded broker advertises an address of the container only. Tests that need Kafka
 * clients use the in-process kit ({@code millrace-junit}) or a container network with the compose deployment.
 */
public class MillraceContainer extends GenericContainer<MillraceContainer> {

    /** The image {@code docker build -f docker/Dockerfile -t millrace:latest .} makes. */
    public static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("millrace:latest");

    public static final int GATEWAY_PORT = 4567;
    public static final int S3_PORT = 9000;

    private static final String DATA_DIR = "/var/lib/millrace/data";
    private static final String CONFIG_FILE = "/tmp/millrace-container.properties";
    private static final String ACCESS_KEY = "test";
    private static final String SECRET_KEY = "test";
    /** A start on a busy CI machine: the JVM, Kafka, Connect and the mini-cluster (about 40 CPU-seconds). */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private boolean shardLimits;

    public MillraceContainer() {
        this(DEFAULT_IMAGE);
    }

    public MillraceContainer(DockerImageName image) {
        super(image);
        image.assertCompatibleWith(DEFAULT_IMAGE);
        withExposedPorts(GATEWAY_PORT, S3_PORT);
        // The embedded store on the network takes signed requests of the platform's identity: these keys.
        withCopyToContainer(
                Transferable.of("millrace.s3.access-key-id=" + ACCESS_KEY + "\nmillrace.s3.secret-access-key="
                        + SECRET_KEY + "\n"),
                CONFIG_FILE);
        waitingFor(Wait.forLogMessage(".*Millrace ready in .*", 1).withStartupTimeout(STARTUP_TIMEOUT));
    }

    /**
     * {@code true}: Kinesis's per-shard throughput limits (ProvisionedThroughputExceededException), as on AWS;
     * {@code false} (the default here, as in the JUnit kit): none, so a test's bursts are never throttled.
     */
    public MillraceContainer withShardLimits(boolean enforced) {
        this.shardLimits = enforced;
        return self();
    }

    @Override
    protected void configure() {
        setCommand(command(shardLimits).toArray(String[]::new));
    }

    /**
     * The command line: every part on the container's network interface in open mode (any signature goes, the
     * way {@code millrace up} runs on a laptop), plain HTTP, the S3 store exposed with the keys of the config file.
     */
    static List<String> command(boolean shardLimits) {
        return new ArrayList<>(List.of(
                "up",
                "--data-dir",
                DATA_DIR,
                "--bind",
                "0.0.0.0",
                "--auth",
                "open",
                "--port",
                String.valueOf(GATEWAY_PORT),
                "--tls-port",
                "off",
                "--expose",
                "s3",
                "--s3-port",
                String.valueOf(S3_PORT),
                "--config",
                CONFIG_FILE,
                "--shard-limits",
                shardLimits ? "aws" : "off"));
    }

    /** The gateway, for every AWS SDK client: {@code KinesisClient.builder().endpointOverride(getEndpoint())}. */
    public URI getEndpoint() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(GATEWAY_PORT));
    }

    /** The S3 store Firehose delivers to; use path-style addressing. */
    public URI getS3Endpoint() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(S3_PORT));
    }

    public String getRegion() {
        return "us-east-1";
    }

    public String getAccessKey() {
        return ACCESS_KEY;
    }

    public String getSecretKey() {
        return SECRET_KEY;
    }
}
