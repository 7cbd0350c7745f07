package io.millrace.analytics.application;

import io.millrace.analytics.testing.TestStreams;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;

/**
 * A gateway serving the application API on the test broker, running applications on the test class's Flink
 * mini-cluster through its REST endpoint, with the official SDK client pointed at it.
 */
final class AnalyticsTestGateway implements AutoCloseable {

    private final AnalyticsService analytics;
    private final Gateway gateway;
    private final KinesisAnalyticsV2Client client;

    private AnalyticsTestGateway(AnalyticsService analytics, Gateway gateway) {
        this.analytics = analytics;
        this.gateway = gateway;
        this.client = LocalClients.pointedAt(
                        KinesisAnalyticsV2Client.builder(),
                        URI.create("http://127.0.0.1:" + gateway.port()),
                        Duration.ofSeconds(60))
                .build();
    }

    /**
     * @param clusterStopsWithUs as the launcher's embedded cluster: running applications are suspended with a
     *                           savepoint on close and resumed from it by the next gateway on the same topic
     */
    static AnalyticsTestGateway start(
            URI flinkRestUrl, Path savepoints, String metadataTopic, boolean clusterStopsWithUs) throws Exception {
        return start(flinkRestUrl, savepoints, metadataTopic, clusterStopsWithUs, new Configuration());
    }

    /** @param extra more {@link AnalyticsConfig}, such as where code in S3 is read from */
    static AnalyticsTestGateway start(
            URI flinkRestUrl, Path savepoints, String metadataTopic, boolean clusterStopsWithUs, Configuration extra)
            throws Exception {
        GatewayConfig gatewayConfig = new GatewayConfig(
                Map.of(GatewayConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers(), GatewayConfig.PORT, "0"));
        Configuration options = new Configuration(extra);
        options.set(AnalyticsConfig.FLINK_REST_URL, flinkRestUrl.toString());
        options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers());
        options.set(AnalyticsConfig.SAVEPOINT_DIR, savepoints.toUri().toString());
        options.set(AnalyticsConfig.METADATA_TOPIC, metadataTopic);
        AnalyticsService analytics = AnalyticsService.start(
                options,
                gatewayConfig.kafkaClientProperties(),
                clusterStopsWithUs,
                java.util.concurrent.CompletableFuture.completedFuture(null));
        try {
            return new AnalyticsTestGateway(analytics, Gateway.start(gatewayConfig, List.of(analytics)));
        } catch (Exception e) {
            analytics.close();
            throw e;
        }
    }

    /** The service itself, for what a launcher wires after start (its metrics). */
    AnalyticsService service() {
        return analytics;
    }

    KinesisAnalyticsV2Client client() {
        return client;
    }

    static final String ROLE = "arn:aws:iam::000000000000:role/millrace";

    /**
     * A SQL application whose streams are the runtime properties {@code streams.input} and {@code streams.output};
     * with {@code checkpoints}, checkpoints every 300 ms and snapshots enabled, else neither.
     */
    static CreateApplicationRequest sqlApplication(
            String name, String sql, String input, String output, boolean checkpoints) {
        return CreateApplicationRequest.builder()
                .applicationName(name)
                .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                .serviceExecutionRole(ROLE)
                .applicationConfiguration(c -> c.applicationCodeConfiguration(
                                code -> code.codeContentType(CodeContentType.PLAINTEXT)
                                        .codeContent(content -> content.textContent(sql)))
                        .environmentProperties(p -> p.propertyGroups(g ->
                                g.propertyGroupId("streams").propertyMap(Map.of("input", input, "output", output))))
                        .applicationSnapshotConfiguration(s -> s.snapshotsEnabled(checkpoints))
                        .flinkApplicationConfiguration(
                                f -> f.checkpointConfiguration(cp -> cp.configurationType(ConfigurationType.CUSTOM)
                                        .checkpointingEnabled(checkpoints)
                                        .checkpointInterval(checkpoints ? 300L : null)
                                        .minPauseBetweenCheckpoints(checkpoints ? 100L : null))))
                .build();
    }

    /**
     * SQL copying the data of the stream {@code streams.input} into {@code streams.output}, each record's data its
     * partition key; {@code sourceOptions} are more options of the source table (", 'key' = 'value'").
     */
    static String copySql(String sourceOptions) {
        return "CREATE TABLE src (data STRING) WITH ('connector' = 'millrace', 'stream' = '${streams.input}',"
                + " 'format' = 'raw'" + sourceOptions + ");\n"
                + "CREATE TABLE dst (data STRING, partition_key STRING METADATA) WITH ('connector' = 'millrace',"
                + " 'stream' = '${streams.output}', 'format' = 'raw');\n"
                + "INSERT INTO dst SELECT data, data FROM src;";
    }

    ApplicationDetail describe(String name) {
        return client.describeApplication(r -> r.applicationName(name)).applicationDetail();
    }

    void awaitStatus(String name, ApplicationStatus status, Duration timeout) {
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> describe(name).applicationStatus(), s -> s == status);
    }

    @Override
    public void close() {
        client.close();
        gateway.close();
        analytics.close();
    }
}
