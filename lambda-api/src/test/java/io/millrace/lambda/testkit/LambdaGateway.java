package io.millrace.lambda.testkit;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.lambda.LambdaConfig;
import io.millrace.lambda.LambdaService;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A gateway hosting the Kinesis and Lambda APIs on the shared broker, for the tests of a JVM; the Lambda service
 * can be stopped and started again on it ({@link #restartLambda}), as a gateway restart does to the pollers.
 */
public final class LambdaGateway {

    private static LambdaGateway shared;

    private final KinesisConfig config;
    private final Gateway gateway;
    private final URI endpoint;
    private final LambdaClient lambda;
    private final KinesisClient kinesis;

    private LambdaGateway(KinesisConfig config, Gateway gateway) {
        this.config = config;
        this.gateway = gateway;
        this.endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        this.lambda = LocalClients.pointedAt(LambdaClient.builder(), endpoint, Duration.ofSeconds(60))
                .build();
        System.setProperty("aws.cborEnabled", "false");
        this.kinesis = LocalClients.pointedAt(KinesisClient.builder(), endpoint, Duration.ofSeconds(60))
                .build();
    }

    public static synchronized LambdaGateway shared() throws Exception {
        if (shared == null) {
            KinesisConfig config = new KinesisConfig(Map.of(
                    KinesisConfig.BOOTSTRAP_SERVERS,
                    EmbeddedKafka.shared().bootstrapServers(),
                    KinesisConfig.PORT,
                    "0"));
            KinesisService kinesis = KinesisService.start(config);
            Holder holder = new Holder(startLambda(config));
            Gateway gateway = Gateway.start(config, List.of(kinesis, holder));
            LambdaGateway started = new LambdaGateway(config, gateway);
            started.holder = holder;
            started.kinesisService = kinesis;
            TestSession.closeAtEnd(() -> {
                gateway.close();
                holder.close();
                kinesis.close();
            });
            shared = started;
        }
        return shared;
    }

    private Holder holder;
    private KinesisService kinesisService;

    /** Publishes the Kinesis API's AWS/Kinesis metrics (the consumers' SubscribeToShard figures) to {@code sink}. */
    public void publishKinesisMetricsTo(io.millrace.metrics.MetricSink sink, Duration interval) {
        kinesisService.publishMetricsTo(sink, interval);
    }

    private static LambdaService startLambda(KinesisConfig config) throws Exception {
        return LambdaService.start(
                // A mapping whose source is gone is disabled after 3 s rather than a minute (SourceGoneIT).
                new LambdaConfig(Map.of(LambdaConfig.SOURCE_MISSING_DISABLE_MS, "3000")),
                config.kafkaClientProperties(),
                config.getString(GatewayConfig.REGION),
                config.getString(GatewayConfig.ACCOUNT_ID));
    }

    /** Stops the Lambda service (its pollers), then starts a new one in its place, as a restarted gateway would. */
    public void restartLambda() throws Exception {
        holder.replace(() -> startLambda(config));
    }

    /** Publishes the current Lambda service's metrics to {@code sink} (a restart of it stops that). */
    public AutoCloseable publishMetricsTo(io.millrace.metrics.MetricSink sink, Duration interval) {
        return holder.current().publishMetricsTo(sink, interval);
    }

    /** A new one-shard stream, ACTIVE, and its ARN. */
    public String createStream(String name) {
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
        return kinesis.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .streamARN();
    }

    /** Puts {@code values} in one PutRecords, in order, each under the partition key {@code keyOf} gives it. */
    public void put(String stream, List<String> values, java.util.function.UnaryOperator<String> keyOf) {
        List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> entries = values.stream()
                .map(value -> software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
                        .partitionKey(keyOf.apply(value))
                        .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(value))
                        .build())
                .toList();
        int failed =
                kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount();
        if (failed != 0) {
            throw new IllegalStateException(failed + " records of " + values.size() + " refused");
        }
    }

    /** A function whose code is {@code function}'s URL. */
    public void createFunction(String name, HttpFunction function) {
        lambda.createFunction(b -> b.functionName(name)
                .role("arn:aws:iam::000000000000:role/lambda-role")
                .packageType(software.amazon.awssdk.services.lambda.model.PackageType.IMAGE)
                .code(c -> c.imageUri(function.url())));
    }

    public URI endpoint() {
        return endpoint;
    }

    public LambdaClient lambda() {
        return lambda;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    public String accountId() {
        return config.getString(GatewayConfig.ACCOUNT_ID);
    }

    public String region() {
        return config.getString(GatewayConfig.REGION);
    }
}
