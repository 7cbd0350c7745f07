package io.millrace.launcher.up;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.launcher.datadir.DataDirectoryLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The platform of {@code millrace up}, started inside the calling JVM: the same options, the same parts wired the
 * same way ({@link Platform}), but no ready line, no endpoints file and no shutdown hook: the caller closes it. This
 * is what the JUnit kit ({@code millrace-junit}) starts for users' tests, and what tools that time a start use.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private final UpPlan plan;
    private final Platform platform;
    private final DataDirectoryLock lock;
    private final GatewayEndpoints gateway;

    private EmbeddedPlatform(UpPlan plan, Platform platform, DataDirectoryLock lock) {
        this.plan = plan;
        this.platform = platform;
        this.lock = lock;
        this.gateway = GatewayEndpoints.of(platform.gateway(), plan.kinesis().getString(KinesisConfig.BIND));
    }

    /**
     * Starts the platform with {@code upOptions}, exactly as {@code millrace up} takes them (give {@code 0} for
     * every port a test runs beside others). Returns once every part answers; a part that fails stops the ones
     * already running, and its message is the exception's.
     *
     * @param withFlink false: no Flink mini-cluster is started (the application API answers, but applications
     *                  cannot run), which saves a few CPU-seconds of start
     */
    public static EmbeddedPlatform start(List<String> upOptions, boolean withFlink) throws Exception {
        UpCommand command = new UpCommand();
        new CommandLine(command).parseArgs(upOptions.toArray(String[]::new));
        UpPlan resolved = UpPlan.resolve(command.options);
        UpPlan plan = withFlink ? resolved : resolved.withoutFlink();
        DataDirectoryLock lock = DataDirectoryLock.acquire(plan.dataDir());
        Platform platform = new Platform();
        try {
            plan.requirePortsFree();
            platform.start(plan);
            return new EmbeddedPlatform(plan, platform, lock);
        } catch (Exception | Error e) {
            platform.close();
            lock.close();
            throw e;
        }
    }

    /** The gateway's plain HTTP endpoint, serving every AWS API; empty when started with {@code --port off}. */
    public Optional<URI> endpoint() {
        return gateway.http().map(URI::create);
    }

    /** The gateway's HTTPS endpoint; empty when started with {@code --tls-port off}. */
    public Optional<URI> httpsEndpoint() {
        return gateway.https().map(URI::create);
    }

    /** The CA certificate (PEM) HTTPS clients must trust, when the gateway serves a certificate of the local CA. */
    public Optional<Path> caCertificate() {
        return gateway.caCertificate();
    }

    /** {@code host:port,...} of the Kafka cluster: the embedded broker's, or the one given. */
    public String kafkaBootstrapServers() {
        return platform.kafka()
                .map(kafka -> kafka.bootstrapServers())
                .orElse(String.join(",", plan.kinesis().bootstrapServers()));
    }

    /** The S3 store Firehose delivers to: the embedded one (path-style, any credentials) or the one given. */
    public URI s3Endpoint() {
        return URI.create(plan.firehose().s3Endpoint());
    }

    /** The REST URL of the Kafka Connect worker that runs delivery streams. */
    public URI connectUrl() {
        return URI.create(plan.firehose().connectUrl());
    }

    /** The REST URL of the Flink cluster applications run on; empty when started without one. */
    public Optional<URI> flinkRestUrl() {
        return plan.flink().off()
                ? Optional.empty()
                : Optional.of(URI.create(plan.flink().restUrl()));
    }

    /** The data directory, as given. */
    public Path dataDir() {
        return plan.dataDir();
    }

    /** Stops every part in the order {@code millrace up} does, then frees the data directory. */
    @Override
    public void close() throws IOException {
        try {
            platform.close();
        } finally {
            lock.close();
        }
    }
}
