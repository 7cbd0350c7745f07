package io.millrace.analytics.application;

import io.millrace.analytics.testing.TestStreams;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;

/**
 * A gateway serving the application API on the test broker, running applications on the test class's Flink
 * mini-cluster through its REST endpoint, with the official SDK client pointed at it.
 */
final class AnalyticsTestGateway implements AutoCloseable {

  private final AnalyticsService analytics;
  private final KinesisService gateway;
  private final KinesisAnalyticsV2Client client;

  private AnalyticsTestGateway(AnalyticsService analytics, KinesisService gateway) {
    this.analytics = analytics;
    this.gateway = gateway;
    this.client = LocalClients.pointedAt(KinesisAnalyticsV2Client.builder(),
        URI.create("http://127.0.0.1:" + gateway.port()), Duration.ofSeconds(60)).build();
  }

  /**
   * @param clusterStopsWithUs as the launcher's embedded cluster: running applications are suspended with a
   *                           savepoint on close and resumed from it by the next gateway on the same topic
   */
  static AnalyticsTestGateway start(URI flinkRestUrl, Path savepoints, String metadataTopic,
      boolean clusterStopsWithUs) throws Exception {
    return start(flinkRestUrl, savepoints, metadataTopic, clusterStopsWithUs, new Configuration());
  }

  /** @param extra more {@link AnalyticsConfig}, such as where code in S3 is read from */
  static AnalyticsTestGateway start(URI flinkRestUrl, Path savepoints, String metadataTopic,
      boolean clusterStopsWithUs, Configuration extra) throws Exception {
    KinesisConfig kinesis = new KinesisConfig(Map.of(
        KinesisConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers(),
        KinesisConfig.PORT, "0",
        KinesisConfig.SHARD_LIMITS, "off"));
    Configuration options = new Configuration(extra);
    options.set(AnalyticsConfig.FLINK_REST_URL, flinkRestUrl.toString());
    options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers());
    options.set(AnalyticsConfig.SAVEPOINT_DIR, savepoints.toUri().toString());
    options.set(AnalyticsConfig.METADATA_TOPIC, metadataTopic);
    AnalyticsService analytics = AnalyticsService.start(options, kinesis.kafkaClientProperties(),
        clusterStopsWithUs, java.util.concurrent.CompletableFuture.completedFuture(null));
    try {
      return new AnalyticsTestGateway(analytics, KinesisService.start(kinesis, List.of(analytics.api())));
    } catch (Exception e) {
      analytics.close();
      throw e;
    }
  }

  KinesisAnalyticsV2Client client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    gateway.close();
    analytics.close();
  }
}
